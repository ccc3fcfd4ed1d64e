#pragma once
// Requests to <mount>/longpoll (spec §13.3–13.5): CORS preflight, origin check, session creation
// on a GET without a live session, and hand-over of polls and posts to the loop that owns the
// session. Every answer is HTTP 200 with the real status in the JSON body, as phoenix.js reads
// it; the answer reaches the requesting connection through respond_http(), from any loop.
#include <cstdint>
#include <string>

#include "transport/http_request.hpp"

namespace wick::detail {

class EndpointCore;
class EventLoop;
struct Mount;

void handle_longpoll(EventLoop& loop, std::uint64_t connection, const Mount& mount,
                     HttpRequest request, Peer peer);

/// Delivers `response` to HTTP connection `connection` (which waits for it), on its own loop.
void respond_http(EndpointCore& core, std::uint64_t connection, HttpResponse response);
/// The long-poll JSON envelope around `body`, delivered as respond_http() does.
void respond_longpoll(EndpointCore& core, std::uint64_t connection, std::string body);

}  // namespace wick::detail
