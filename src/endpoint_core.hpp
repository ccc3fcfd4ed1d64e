#pragma once
// The parts of one endpoint, built and wired together here, and nowhere else: each part gets
// the others it needs at construction (the loops, the counters, pubsub, presence, the HTTP
// site). Only the endpoint's own files see this; the floors below are given what they use.
#include <memory>
#include <mutex>
#include <vector>
#include <wick/endpoint.hpp>

#include "channel/presence_state_delivery.hpp"
#include "channel/socket_mount.hpp"
#include "channel/socket_services.hpp"
#include "cluster/redis_url.hpp"
#include "counters.hpp"
#include "net/connection_settings.hpp"
#include "transport/http_site.hpp"
#include "transport/static_files.hpp"

namespace boost::asio {
class io_context;
}

namespace wick::detail {

class EventLoop;
class Listener;
class PresenceTracker;
class PubSub;
class RedisCluster;
class TlsContext;

class EndpointCore {
 public:
  EndpointCore(Endpoint& endpoint, EndpointConfig config);
  ~EndpointCore();

  void add_mount(std::string path, std::shared_ptr<SocketHandler> handler);
  void start();
  void start_cluster(RedisAddress redis);
  void leave_cluster();
  void drain();
  void shutdown();
  EndpointStats stats() const;

  Endpoint& endpoint;
  const EndpointConfig config;
  NodeCounters counters;
  ConnectionSettings connection_settings;
  std::vector<std::shared_ptr<EventLoop>> loops;
  std::unique_ptr<PubSub> pubsub;
  PresenceStateDelivery presence_state_delivery;
  std::unique_ptr<PresenceTracker> presence_tracker;
  Presence presence;
  const SocketServices services;
  std::vector<std::unique_ptr<SocketMount>> mounts;  // what site.mounts points to
  std::vector<StaticMount> static_mounts;
  HttpSite site;
  std::unique_ptr<TlsContext> tls;  // set when the config names a certificate and key
  std::unique_ptr<Listener> listener;
  std::shared_ptr<RedisCluster> cluster;  // set when the config names a Redis

  // Endpoint::stop() reaches run() through these.
  std::mutex stop_mutex;
  bool stop_requested = false;
  boost::asio::io_context* stop_signal = nullptr;
};

}  // namespace wick::detail
