#pragma once
// HTTP/1.1 on one connection: reads requests (pipelined ones in order), and answers each from
// the first that takes it: a WebSocket mount (the upgrade hands the connection to a
// WebSocketSession), a long-poll mount, an application route, or the site's fallback. A
// request answered later (a deferred route, a long poll) holds the requests behind it.
#include <memory>

#include "clock.hpp"
#include "net/connection_handler.hpp"
#include "transport/http_request.hpp"

namespace wick::detail {

class Connection;
struct HttpSite;
struct Mount;

class HttpSession final : public ConnectionHandler {
 public:
  HttpSession(Connection& connection, HttpSite& site);
  ~HttpSession() override;

  Consumed on_data(std::span<char> data) override;
  /// Nothing to end: a request waiting for its answer finds the connection gone by its id.
  void on_close() override {}
  void check_timeouts(SteadyClock::time_point now, SteadyClock::duration idle) override;
  void close_for_shutdown() override;

  /// The answer to the request that waits for one; reading resumes with the next (which may
  /// be an upgrade that replaces this session: nothing may follow the call).
  void finish_deferred(const HttpResponse& response);

 private:
  /// Handles one request; a WebSocket upgrade gives the handler that takes over.
  std::unique_ptr<ConnectionHandler> handle(HttpRequest& request);
  std::unique_ptr<ConnectionHandler> upgrade(const HttpRequest& request, const Mount& mount);
  void dispatch_to_route(const HttpHandler& handler, const HttpRequest& request);
  void await_response(bool keep_alive);
  void respond(const HttpResponse& response, bool keep_alive);

  Connection& connection_;
  HttpSite& site_;
  std::unique_ptr<HttpRequestReader> reader_;  // while a request is being read
  SteadyClock::time_point last_request_;       // when the last request was finished
  bool awaiting_response_ = false;             // later requests wait for it
  bool deferred_keep_alive_ = false;
};

}  // namespace wick::detail
