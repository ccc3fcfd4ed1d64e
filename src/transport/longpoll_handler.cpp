#include "transport/longpoll_handler.hpp"

#include <boost/asio/post.hpp>

#include "clock.hpp"
#include "log.hpp"
#include "net/event_loop.hpp"
#include "protocol/json_text.hpp"
#include "protocol/protocol_version.hpp"
#include "protocol/query_params.hpp"
#include "transport/http_site.hpp"
#include "transport/longpoll_session.hpp"
#include "transport/origin_check.hpp"
#include "transport/socket_acceptor.hpp"

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
void create_session(HttpSite& site, EventLoop& loop, const Mount& mount, const HttpRequest& request,
                    const Peer& peer, const HttpResponder& respond) {
  json::object params = parse_query(request.query);
  auto version = negotiate_version(params.if_contains("vsn"));
  ConnectInfo info = connect_info(request, peer);
  if (auto token = request.header("x-phoenix-authtoken")) info.auth_token = std::string(*token);
  int refusal = 0;
  std::string token;
  loop.add([&](std::uint64_t id) -> std::unique_ptr<LoopResident> {
    token = site.longpoll_tokens.sign(id, std::chrono::milliseconds(unix_ms()));
    Admitted<LongPollSession> admitted =
        mount.acceptor->accept_longpoll({params, info, version}, loop, id, token);
    refusal = admitted.refusal_status;
    return std::move(admitted.session);
  });
  if (refusal == 503) {
    HttpResponse refused;
    refused.status = 503;
    return respond.send(std::move(refused));
  }
  if (refusal) return respond_longpoll(respond, status_body(refusal));
  std::string body = "{\"status\":410,\"token\":";
  append_json_string(body, token);
  body += ",\"messages\":[]}";
  respond_longpoll(respond, std::move(body));
}

// On the session's own loop.
void serve_session(HttpSite& site, EventLoop& loop, const Mount& mount, const HttpRequest& request,
                   const Peer& peer, std::uint64_t session_id, const HttpResponder& respond) {
  auto* session = loop.find_as<LongPollSession>(session_id);
  bool alive = session && !session->ended();
  if (request.method == "GET") {
    if (!alive) return create_session(site, loop, mount, request, peer, respond);
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

void handle_longpoll(HttpSite& site, EventLoop& loop, const Mount& mount, HttpRequest request,
                     Peer peer, HttpResponder respond) {
  if (request.method == "OPTIONS") return respond.send(preflight(request));
  if (request.method != "GET" && request.method != "POST") {
    HttpResponse refused;
    refused.status = 400;
    return respond.send(std::move(refused));
  }
  const std::vector<std::string>& origins = site.config.allowed_origins;
  auto origin = request.header("origin");
  if (origin && !origins.empty() && !origin_allowed(*origin, origins)) {
    return respond_longpoll(respond, status_body(403));
  }
  std::string token = session_token(request);
  auto session = token.empty() ? std::nullopt
                               : site.longpoll_tokens.verify(
                                     token, std::chrono::milliseconds(unix_ms()), token_max_age);
  if (!session || (*session >> 56) >= site.loops.size()) {
    if (request.method == "POST") return respond_longpoll(respond, status_body(410));
    return create_session(site, loop, mount, request, peer, respond);
  }
  EventLoop& owner = *site.loops[*session >> 56];
  if (&owner == &loop) return serve_session(site, loop, mount, request, peer, *session, respond);
  boost::asio::post(owner.io(), [&site, &owner, &mount, request = std::move(request),
                                 peer = std::move(peer), id = *session, respond] {
    serve_session(site, owner, mount, request, peer, id, respond);
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
