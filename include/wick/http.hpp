#pragma once
// Plain HTTP routes next to the sockets: an application's JSON API (login, rooms, webhooks).
//
//   endpoint.route("POST", "/api/rooms/:id/members", [&](const wick::HttpRequest& request,
//                                                        wick::HttpResponder respond) {
//     auto room = request.param("id");                 // path parameters by name
//     pool.submit([=] {                                 // slow work leaves the event loop
//       respond.send(wick::HttpResponse::json(201, {{"ok", true}}));
//     });
//   });
//
// A handler runs on the event loop that owns the connection, so it must not block: hand slow
// work (databases, password hashing) to a worker and answer through the responder, from any
// thread. A responder answers once; when its last copy is destroyed without an answer (the
// handler threw or forgot), the client gets 500. Requests pipelined behind one that waits for
// its answer are read after it.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>
#include <wick/payload.hpp>

namespace wick {

namespace detail {
class EventLoop;
class HttpSession;
}  // namespace detail

/// A request as a handler sees it, read whole (headers and body) before the handler runs.
struct HttpRequest {
  std::string method;                                        ///< as sent: "GET", "POST", ...
  std::string path;                                          ///< the target before '?'
  std::string query;                                         ///< the target after '?', raw
  std::vector<std::pair<std::string, std::string>> headers;  ///< names lower-cased
  /// The whole body; one over EndpointConfig::max_message_bytes is answered 413 instead.
  std::string body;
  /// Whether the client keeps the connection for more requests (by its HTTP version and
  /// Connection header); false: the connection closes after the answer.
  bool keep_alive = true;
  /// The values of the route's ":name" segments.
  std::vector<std::pair<std::string, std::string>> path_params;

  /// The first header with this lower-case name, if any.
  std::optional<std::string_view> header(std::string_view lower_name) const;
  /// A path parameter; empty when the route has none of that name.
  std::string_view param(std::string_view name) const;
  /// The token of an "Authorization: Bearer TOKEN" header.
  std::optional<std::string_view> bearer_token() const;
};

/// What a handler answers: status, body and its content type, and extra headers.
struct HttpResponse {
  int status = 200;                               ///< the HTTP status code
  std::string body;                               ///< sent as is, with its content-length
  std::string content_type = "application/json";  ///< the content-type header
  /// Extra headers, sent after content-type and content-length, in this order.
  std::vector<std::pair<std::string, std::string>> headers;

  /// `body` serialized as JSON.
  static HttpResponse json(int status, const json::value& body);
};

/// Answers one request, once, from any thread. A handler gets one with each request; a default
/// one answers nowhere (to call a handler from a test, say).
class HttpResponder {
 public:
  HttpResponder() = default;

  /// The first call answers; later ones are ignored.
  void send(HttpResponse response) const;

 private:
  friend class detail::HttpSession;
  HttpResponder(std::weak_ptr<detail::EventLoop> loop, std::uint64_t connection);

  struct Pending;
  std::shared_ptr<Pending> pending_;
};

using HttpHandler = std::function<void(const HttpRequest&, HttpResponder)>;

}  // namespace wick
