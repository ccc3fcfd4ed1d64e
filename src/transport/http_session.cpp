#include "transport/http_session.hpp"

#include "log.hpp"
#include "net/connection.hpp"
#include "transport/http_site.hpp"
#include "transport/longpoll_handler.hpp"
#include "transport/socket_acceptor.hpp"
#include "transport/websocket_handshake.hpp"
#include "transport/websocket_session.hpp"

namespace wick::detail {
namespace {

constexpr std::size_t max_header_bytes = 8 * 1024;

}  // namespace

HttpSession::HttpSession(Connection& connection, HttpSite& site)
    : connection_(connection), site_(site), last_request_(SteadyClock::now()) {}

HttpSession::~HttpSession() = default;

Consumed HttpSession::on_data(std::span<char> data) {
  std::size_t total = 0;
  while (!awaiting_response_ && !connection_.closing() && total < data.size()) {
    if (!reader_) {
      reader_ =
          std::make_unique<HttpRequestReader>(max_header_bytes, site_.config.max_message_bytes);
    }
    std::size_t used;
    auto state = reader_->read(std::string_view(data.data() + total, data.size() - total), &used);
    total += used;
    if (state == HttpRequestReader::State::need_more) break;
    if (state == HttpRequestReader::State::error) {
      count_up(site_.counters.protocol_error_disconnects);
      HttpResponse response;
      response.status = reader_->error_status();
      reader_.reset();
      respond(response, false);
      break;
    }
    HttpRequest request = reader_->take();
    reader_.reset();
    last_request_ = SteadyClock::now();
    if (auto next = handle(request)) return {total, std::move(next)};
  }
  return {total, nullptr};
}

std::unique_ptr<ConnectionHandler> HttpSession::handle(HttpRequest& request) {
  if (const Mount* mount = site_.find_websocket_mount(request.path)) {
    return upgrade(request, *mount);
  }
  if (const Mount* mount = site_.find_longpoll_mount(request.path)) {
    await_response(request.keep_alive);
    handle_longpoll(site_, connection_.loop(), *mount, std::move(request), connection_.peer(),
                    HttpResponder(connection_.loop().weak_from_this(), connection_.id()));
    return nullptr;
  }
  HttpRouter::Match route = site_.router.match(request);
  if (route.handler) {
    dispatch_to_route(*route.handler, request);
    return nullptr;
  }
  HttpResponse response = route.path_matched
                              ? HttpResponse::json(405, {{"error", "method not allowed"}})
                              : site_.fallback(request);
  if (request.method == "HEAD") response.body.clear();  // headers only, for every route
  respond(response, request.keep_alive);
  return nullptr;
}

// The handler answers through its responder, perhaps from another thread; reading waits.
void HttpSession::dispatch_to_route(const HttpHandler& handler, const HttpRequest& request) {
  await_response(request.keep_alive);
  try {
    handler(request, HttpResponder(connection_.loop().weak_from_this(), connection_.id()));
  } catch (const std::exception& e) {
    log::error("HTTP handler for " + request.method + " " + request.path + " threw: " + e.what());
  } catch (...) {
    log::error("HTTP handler for " + request.method + " " + request.path + " threw");
  }
}

void HttpSession::await_response(bool keep_alive) {
  awaiting_response_ = true;
  deferred_keep_alive_ = keep_alive;
}

void HttpSession::finish_deferred(const HttpResponse& response) {
  if (!awaiting_response_) return;
  awaiting_response_ = false;
  respond(response, deferred_keep_alive_);
  connection_.resume();  // requests that arrived meanwhile (pipelined), in order
}

// The checks of spec §4.1, then admission (a new socket sends nothing until it hears from its
// client), then the 101.
std::unique_ptr<ConnectionHandler> HttpSession::upgrade(const HttpRequest& request,
                                                        const Mount& mount) {
  UpgradeCheck check = check_upgrade(request, site_.config.allowed_origins);
  HttpResponse refusal;
  refusal.status = check.refusal_status;
  if (check.refusal_status) {
    respond(refusal, false);
    return nullptr;
  }
  ConnectInfo info = connect_info(request, connection_.peer());
  info.auth_token = check.auth_token;
  Admitted<WebSocketSession> admitted =
      mount.acceptor->accept_websocket({check.params, info, check.version}, connection_);
  if (!admitted.session) {
    refusal.status = admitted.refusal_status;
    respond(refusal, false);
    return nullptr;
  }
  connection_.send(SharedFrame::copy_of(serialize(upgrade_response(check), true)));
  return std::move(admitted.session);
}

void HttpSession::respond(const HttpResponse& response, bool keep_alive) {
  connection_.send(SharedFrame::copy_of(serialize(response, keep_alive)));
  if (!keep_alive) connection_.close_after_flush();
}

// A request (the upgrade, or the next one on a keep-alive connection) must be finished within
// the handshake timeout, however slowly its bytes trickle in. A request that waits for its
// answer (a long poll) waits by design; its session has its own window.
void HttpSession::check_timeouts(SteadyClock::time_point now, SteadyClock::duration) {
  if (!awaiting_response_ && now - last_request_ > site_.config.handshake_timeout) {
    count_up(site_.counters.handshake_timeouts);
    connection_.abort();
  }
}

void HttpSession::close_for_shutdown() { connection_.abort(); }

}  // namespace wick::detail
