#pragma once
// The server: event loops, listener, mounted sockets, PubSub.
//
//   wick::EndpointConfig config;                      // 127.0.0.1:4000, one loop per core
//   wick::Endpoint endpoint(config);
//   endpoint.mount("/socket", std::make_shared<UserSocket>());   // ws://host:4000/socket/websocket
//   endpoint.run();                                   // until SIGINT/SIGTERM, then exits cleanly
//
// broadcast() and broadcast_from() may be called from any thread.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>
#include <wick/channel_ref.hpp>
#include <wick/cluster.hpp>
#include <wick/config.hpp>
#include <wick/http.hpp>
#include <wick/payload.hpp>
#include <wick/presence.hpp>
#include <wick/socket_handler.hpp>
#include <wick/stats.hpp>

namespace wick {

namespace detail {
class EndpointCore;
}

/// One server: its loops, listener, socket mounts, routes, pubsub and presence.
class Endpoint {
 public:
  /// Builds the loops (nothing listens until start()).
  explicit Endpoint(EndpointConfig config = {});
  ~Endpoint();
  Endpoint(const Endpoint&) = delete;
  Endpoint& operator=(const Endpoint&) = delete;

  /// Serves `handler` at `path` + "/websocket" and `path` + "/longpoll". Call before start().
  void mount(std::string path, std::shared_ptr<SocketHandler> handler);
  /// Serves the files under `directory` at `url_prefix` (GET/HEAD; "/" → index.html).
  /// Call before start(). The socket and API routes take precedence.
  void serve_static(std::string url_prefix, std::string directory);
  /// Serves `handler` for `method` requests to `pattern` ("/api/rooms/:id"; see http.hpp).
  /// Call before start(). Socket mounts take precedence; routes come before /health,
  /// /api/broadcast and static files.
  void route(std::string method, std::string_view pattern, HttpHandler handler);
  /// The cluster seam (wick/cluster.hpp). Call before start().
  void set_cluster_adapter(std::shared_ptr<ClusterAdapter> adapter);

  /// Binds, listens and starts the event loops; returns at once. Throws if the port is taken.
  void start();
  /// start() if needed, then blocks until SIGINT/SIGTERM or stop(); then shuts down gracefully:
  /// stops accepting, tells the cluster (if any) that this node leaves, and drains the sockets:
  /// each channel's terminate runs and the socket is closed with 1012, in batches
  /// (EndpointConfig::drain_batch_size, drain_batch_interval, drain_timeout).
  void run();
  /// Asks run() to return (graceful shutdown). Safe from any thread and from a signal's loop.
  void stop();
  /// The port listened on (the kernel's pick when EndpointConfig::port is 0); 0 before start().
  std::uint16_t port() const;

  /// `payload` is a JSON object or wick::Binary; anything else throws std::invalid_argument.
  void broadcast(std::string_view topic, std::string_view event, Payload payload);
  /// As broadcast, except the channel `from` (it does not receive its own message).
  void broadcast_from(const ChannelRef& from, std::string_view topic, std::string_view event,
                      Payload payload);
  /// Delivers a broadcast that another node forwarded, to this node's subscribers only.
  /// Throws std::invalid_argument, as broadcast does, for a payload that is not an object.
  void deliver_remote(std::string_view topic, std::string_view event, Payload payload);
  /// The cluster adapter's word that this node now receives `topic`'s traffic from the other
  /// nodes: the joins of it that wait go on. From any thread (wick/cluster.hpp).
  void remote_ready(std::string_view topic);

  /// Who is online in which topic (see presence.hpp).
  Presence& presence();

  /// Every counter (wick/stats.hpp), from any thread.
  EndpointStats stats() const;
  /// The configuration this endpoint was built with.
  const EndpointConfig& config() const;

 private:
  std::unique_ptr<detail::EndpointCore> core_;
};

}  // namespace wick
