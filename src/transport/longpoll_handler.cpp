#include "transport/longpoll_handler.hpp"

#include <boost/asio/post.hpp>

#include "channel/socket_connect.hpp"
#include "channel/socket_state.hpp"
#include "clock.hpp"
#include "endpoint_core.hpp"
#include "log.hpp"
#include "net/event_loop.hpp"
#include "protocol/json_text.hpp"
#include "protocol/protocol_version.hpp"
#include "protocol/query_params.hpp"
#include "transport/longpoll_session.hpp"
#include "transport/origin_check.hpp"

namespace wick::detail {
namespace {

constexpr std::chrono::seconds token_max_age{1'209'600};  // 14 days, as Phoenix

std::string status_body(int status) { return "{\"status\":" + std::to_string(status) + "}"; }

HttpResponse preflight(const HttpRequest& request) {
  HttpResponse response;
  response.content_type = "text/plain";
  response.headers = {{"access-control-allow-origin", "*"},
                      {"access-control-allow-methods", "get, post, options"},
                      {"access-control-max-age", "3600"}};
  if (auto asked = request.header("access-control-request-headers")) {
    response.headers.emplace_back("access-control-allow-headers", std::string(*asked));
  }
  return response;
}

// A GET without a live session: connect and answer 410 with the new session's token.
void create_session(EventLoop& loop, const Mount& mount, const HttpRequest& request,
                    const Peer& peer, const HttpResponder& respond) {
  EndpointCore& core = loop.core();
  json::object params = parse_query(request.query);
  auto version = negotiate_version(params.if_contains("vsn"));
  ConnectInfo info = connect_info(request, peer);
  if (auto token = request.header("x-phoenix-authtoken")) info.auth_token = std::string(*token);
  if (core.counters.connections.load(std::memory_order_relaxed) >= core.config.max_connections) {
    count_up(core.counters.refused_connections);
    HttpResponse refused;
    refused.status = 503;
    return respond.send(std::move(refused));
  }
  auto connected = version ? connect_socket(*mount.handler, params, info) : std::nullopt;
  if (!connected) return respond_longpoll(respond, status_body(403));

  auto owned = std::make_unique<LongPollSession>(loop);
  LongPollSession& session = *owned;
  std::uint64_t id = loop.add(std::move(owned));
  session.start(
      id, core.longpoll_tokens.sign(id, std::chrono::milliseconds(unix_ms())),
      std::make_unique<SocketState>(loop, id, session, *mount.handler, *version,
                                    std::move(connected->socket), std::move(connected->id)));
  std::string body = "{\"status\":410,\"token\":";
  append_json_string(body, session.token());
  body += ",\"messages\":[]}";
  respond_longpoll(respond, std::move(body));
}

// On the session's own loop.
void serve_session(EventLoop& loop, const Mount& mount, const HttpRequest& request,
                   const Peer& peer, std::uint64_t session_id, const HttpResponder& respond) {
  auto* session = loop.find_as<LongPollSession>(session_id);
  bool alive = session && session->socket_state();
  if (request.method == "GET") {
    if (!alive) return create_session(loop, mount, request, peer, respond);
    return session->poll(respond);
  }
  if (!alive) return respond_longpoll(respond, status_body(410));
  LongPollBatch batch =
      split_longpoll_body(request.header("content-type").value_or(""), request.body);
  if (batch.refused) log::info(std::string("long-poll POST refused: ") + batch.refused);
  int status = batch.refused ? 400 : session->publish(batch.messages);
  respond_longpoll(respond, status_body(status));
}

std::string session_token(const HttpRequest& request) {
  // The header (Phoenix main) wins over the query parameter (phoenix.js 1.8 on npm).
  if (auto header = request.header("x-phoenix-longpoll-token")) return std::string(*header);
  json::object params = parse_query(request.query);
  const json::value* token = params.if_contains("token");
  return token && token->is_string() ? std::string(token->get_string()) : std::string();
}

}  // namespace

void handle_longpoll(EventLoop& loop, const Mount& mount, HttpRequest request, Peer peer,
                     HttpResponder respond) {
  EndpointCore& core = loop.core();
  if (request.method == "OPTIONS") return respond.send(preflight(request));
  if (request.method != "GET" && request.method != "POST") {
    HttpResponse refused;
    refused.status = 400;
    return respond.send(std::move(refused));
  }
  auto origin = request.header("origin");
  if (origin && !core.config.allowed_origins.empty() &&
      !origin_allowed(*origin, core.config.allowed_origins)) {
    return respond_longpoll(respond, status_body(403));
  }
  std::string token = session_token(request);
  auto session = token.empty() ? std::nullopt
                               : core.longpoll_tokens.verify(
                                     token, std::chrono::milliseconds(unix_ms()), token_max_age);
  if (!session || (*session >> 56) >= core.loops.size()) {
    if (request.method == "POST") return respond_longpoll(respond, status_body(410));
    return create_session(loop, mount, request, peer, respond);
  }
  EventLoop& owner = *core.loops[*session >> 56];
  if (&owner == &loop) return serve_session(loop, mount, request, peer, *session, respond);
  boost::asio::post(owner.io(), [&owner, &mount, request = std::move(request),
                                 peer = std::move(peer), id = *session, respond] {
    serve_session(owner, mount, request, peer, id, respond);
  });
}

void respond_longpoll(const HttpResponder& respond, std::string body) {
  HttpResponse response;
  response.content_type = "application/json; charset=utf-8";
  response.headers = {{"cache-control", "no-store"}, {"access-control-allow-origin", "*"}};
  response.body = std::move(body);
  respond.send(std::move(response));
}

}  // namespace wick::detail
