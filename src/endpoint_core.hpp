#pragma once
// What every event loop shares: configuration, mounted sockets, PubSub and counters.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>
#include <wick/endpoint.hpp>

#include "counters.hpp"
#include "transport/http_router.hpp"
#include "transport/longpoll_token.hpp"
#include "transport/static_files.hpp"

namespace boost::asio {
class io_context;
}

namespace wick::detail {

class EventLoop;
class Listener;
class PresenceTracker;
class PubSub;
class TlsContext;

struct Mount {
  std::string websocket_path;  // mount path + "/websocket"
  std::string longpoll_path;   // mount path + "/longpoll"
  std::shared_ptr<SocketHandler> handler;
};

class EndpointCore {
 public:
  EndpointCore(Endpoint& endpoint, EndpointConfig config);
  ~EndpointCore();

  Endpoint& endpoint;
  const EndpointConfig config;
  std::vector<Mount> mounts;
  std::vector<StaticMount> static_mounts;
  HttpRouter http_router;
  std::vector<std::shared_ptr<EventLoop>> loops;
  std::unique_ptr<PubSub> pubsub;
  std::unique_ptr<Listener> listener;
  std::unique_ptr<TlsContext> tls;  // set when the config names a certificate and key
  std::unique_ptr<PresenceTracker> presence_tracker;
  std::unique_ptr<Presence> presence;
  NodeCounters counters;
  LongPollTokens longpoll_tokens;

  // Endpoint::stop() reaches run() through these.
  std::mutex stop_mutex;
  bool stop_requested = false;
  boost::asio::io_context* stop_signal = nullptr;

  /// The mount serving this path over WebSocket (or long-poll), if that transport is on.
  const Mount* find_websocket_mount(std::string_view path) const;
  const Mount* find_longpoll_mount(std::string_view path) const;
  void start();
  void shutdown();
};

}  // namespace wick::detail
