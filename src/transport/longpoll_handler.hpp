#pragma once
// Requests to <mount>/longpoll (spec §13.3–13.5): CORS preflight, origin check, session creation
// on a GET without a live session, and hand-over of polls and posts to the loop that owns the
// session, or, in a cluster, to the node that does (spec §13.9). Every answer is HTTP 200 with the
// real status in the JSON body, as phoenix.js reads it; it reaches the requesting connection
// through the request's HttpResponder, from any loop, as the application's own deferred HTTP
// answers do.
#include <cstdint>
#include <string>

#include "transport/http_request.hpp"
#include "transport/remote_sessions.hpp"

namespace wick::detail {

class EventLoop;
struct HttpSite;
struct Mount;

/// On `loop`, the loop of the connection that received the request.
void handle_longpoll(HttpSite& site, EventLoop& loop, const Mount& mount, HttpRequest request,
                     Peer peer, HttpResponder respond);

/// A request that another node relayed here, for a session of this node's: answered through
/// `answer`, from the session's loop. From any thread.
void serve_relayed_longpoll(HttpSite& site, RelayedLongPoll request, RelayedAnswer answer);

/// Answers a long-poll request with `body` in the long-poll JSON envelope.
void respond_longpoll(const HttpResponder& respond, std::string body);

}  // namespace wick::detail
