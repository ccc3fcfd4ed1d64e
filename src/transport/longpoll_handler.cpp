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
    token = site.longpoll_tokens.sign(id, site.node, std::chrono::milliseconds(unix_ms()));
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

// A session of this node's, named by a token it signed: the loop that owns it and its id there.
struct LocalSession {
  EventLoop* loop;
  std::uint64_t id;
};

std::optional<LocalSession> local_session(const HttpSite& site, std::string_view token) {
  if (token.empty()) return std::nullopt;
  auto id = site.longpoll_tokens.verify(token, std::chrono::milliseconds(unix_ms()), token_max_age);
  if (!id || (*id >> 56) >= site.loops.size()) return std::nullopt;
  return LocalSession{site.loops[*id >> 56].get(), *id};
}

// On the session's own loop: its answer goes through `reply`. False when the session is not
// there (anymore).
bool serve_live_session(EventLoop& loop, std::uint64_t session_id, bool post,
                        std::string_view content_type, std::string_view body,
                        LongPollSession::PollReply reply) {
  auto* session = loop.find_as<LongPollSession>(session_id);
  if (!session || session->ended()) return false;
  if (!post) {
    session->poll(std::move(reply));
    return true;
  }
  LongPollBatch batch = split_longpoll_body(content_type, body);
  if (batch.refused) log::info(std::string("long-poll POST refused: ") + batch.refused);
  reply(status_body(batch.refused ? 400 : session->publish(batch.messages)));
  return true;
}

// A request whose session is not there: a GET makes a new one, a POST is told it is gone.
void answer_gone(HttpSite& site, EventLoop& loop, const Mount& mount, const HttpRequest& request,
                 const Peer& peer, const HttpResponder& respond) {
  if (request.method == "GET") return create_session(site, loop, mount, request, peer, respond);
  respond_longpoll(respond, status_body(410));
}

// On the session's own loop.
void serve_session(HttpSite& site, EventLoop& loop, const Mount& mount, const HttpRequest& request,
                   const Peer& peer, std::uint64_t session_id, const HttpResponder& respond) {
  auto reply = [respond](std::string body) { respond_longpoll(respond, std::move(body)); };
  if (serve_live_session(loop, session_id, request.method == "POST",
                         request.header("content-type").value_or(""), request.body, reply)) {
    return;
  }
  answer_gone(site, loop, mount, request, peer, respond);
}

// A request for a session that another node holds goes there; its answer comes back here.
void relay(HttpSite& site, EventLoop& loop, const Mount& mount, HttpRequest request, Peer peer,
           std::string_view node, std::string token, HttpResponder respond) {
  RelayedLongPoll relayed{request.method == "POST",
                          std::move(token),
                          std::string(request.header("content-type").value_or("")),
                          {}};
  if (relayed.post) relayed.body = std::move(request.body);
  site.remote_sessions->relay(
      node, std::move(relayed),
      [&site, &mount, loop = loop.weak_from_this(), request = std::move(request),
       peer = std::move(peer), respond](std::optional<std::string> body) {
        if (body) return respond_longpoll(respond, std::move(*body));
        auto here = loop.lock();
        if (!here) return;
        boost::asio::post(here->io(), [&site, &mount, here, request, peer, respond] {
          answer_gone(site, *here, mount, request, peer, respond);
        });
      });
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
  if (site.remote_sessions && !token.empty()) {
    std::optional<std::string> node = LongPollTokens::node_of(token);
    if (node && *node != site.node) {
      return relay(site, loop, mount, std::move(request), std::move(peer), *node, std::move(token),
                   std::move(respond));
    }
  }
  std::optional<LocalSession> session = local_session(site, token);
  if (!session) return answer_gone(site, loop, mount, request, peer, respond);
  EventLoop& owner = *session->loop;
  if (&owner == &loop) return serve_session(site, loop, mount, request, peer, session->id, respond);
  boost::asio::post(owner.io(), [&site, &owner, &mount, request = std::move(request),
                                 peer = std::move(peer), id = session->id, respond] {
    serve_session(site, owner, mount, request, peer, id, respond);
  });
}

void serve_relayed_longpoll(HttpSite& site, RelayedLongPoll request, RelayedAnswer answer) {
  std::optional<LocalSession> session = local_session(site, request.token);
  if (!session) return answer(std::nullopt);
  EventLoop& owner = *session->loop;
  boost::asio::post(owner.io(), [&owner, id = session->id, request = std::move(request),
                                 answer = std::move(answer)] {
    if (!serve_live_session(owner, id, request.post, request.content_type, request.body, answer)) {
      answer(std::nullopt);
    }
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
