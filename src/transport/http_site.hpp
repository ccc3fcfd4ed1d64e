#pragma once
// What the HTTP side of an endpoint serves, and with which limits: the socket mounts, the
// application's routes, the endpoint's own answers, long-poll tokens. Built by the endpoint
// before it starts and read, never changed, by every HTTP connection and session afterwards.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>
#include <wick/config.hpp>

#include "counters.hpp"
#include "transport/http_router.hpp"
#include "transport/longpoll_token.hpp"
#include "transport/remote_sessions.hpp"

namespace wick::detail {

class EventLoop;
class SocketAcceptor;

/// A socket handler served at <path>/websocket and <path>/longpoll.
struct Mount {
  std::string websocket_path;
  std::string longpoll_path;
  SocketAcceptor* acceptor;
};

struct HttpSite {
  HttpSite(const EndpointConfig& config, NodeCounters& counters,
           const std::vector<std::shared_ptr<EventLoop>>& loops)
      : config(config), counters(counters), loops(loops) {}

  const EndpointConfig& config;
  NodeCounters& counters;
  const std::vector<std::shared_ptr<EventLoop>>& loops;
  std::vector<Mount> mounts;
  HttpRouter router;  // the application's routes
  /// What answers a request no mount and no route took.
  std::function<HttpResponse(const HttpRequest&)> fallback;
  LongPollTokens longpoll_tokens;
  /// In a cluster: this node's name, which its session tokens carry, and the relay to the
  /// nodes that hold the sessions of other tokens. Empty and null on a single node.
  std::string node;
  RemoteSessions* remote_sessions = nullptr;

  /// The mount serving this path over WebSocket (or long-poll), if that transport is on.
  const Mount* find_websocket_mount(std::string_view path) const;
  const Mount* find_longpoll_mount(std::string_view path) const;
};

}  // namespace wick::detail
