#include <unistd.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <cstdio>
#include <future>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>
#include <wick/endpoint.hpp>

#include "channel/history_routes.hpp"
#include "clock.hpp"
#include "cluster/redis_cluster.hpp"
#include "cluster/redis_url.hpp"
#include "endpoint_core.hpp"
#include "endpoint_http.hpp"
#include "log.hpp"
#include "net/connection.hpp"
#include "net/event_loop.hpp"
#include "net/listener.hpp"
#include "net/tls.hpp"
#include "presence/presence_tracker.hpp"
#include "pubsub/pubsub.hpp"
#include "transport/http_session.hpp"
#include "transport/longpoll_handler.hpp"

namespace wick {
namespace detail {

namespace asio = boost::asio;

namespace {

// Runs `fn` on `loop` and waits for it.
template <class Fn>
void run_on(EventLoop& loop, Fn fn) {
  std::promise<void> done;
  asio::post(loop.io(), [&] {
    fn();
    done.set_value();
  });
  done.get_future().wait();
}

constexpr auto shutdown_grace = std::chrono::seconds(2);

// A replica name unique to this start of this process, as Phoenix's (node, vsn).
std::string make_replica_name() {
  std::random_device random;
  char name[24];
  std::snprintf(name, sizeof name, "wick-%08x", random());
  return name;
}

// Timeouts are checked by a periodic sweep of each loop: four times per shortest timeout, within
// 20 ms and 1 s.
std::chrono::milliseconds sweep_period(const EndpointConfig& config) {
  auto shortest = std::min(config.idle_timeout, config.handshake_timeout);
  return std::clamp(shortest / 4, std::chrono::milliseconds(20), std::chrono::milliseconds(1000));
}

std::vector<std::shared_ptr<EventLoop>> make_loops(const EndpointConfig& config,
                                                   const ConnectionSettings& settings) {
  std::vector<std::shared_ptr<EventLoop>> loops;
  unsigned threads = config.threads ? config.threads : std::thread::hardware_concurrency();
  for (unsigned i = 0; i < std::max(1u, threads); ++i) {
    loops.push_back(std::make_shared<EventLoop>(i, sweep_period(config), settings));
  }
  return loops;
}

}  // namespace

EndpointCore::EndpointCore(Endpoint& owner, EndpointConfig configuration)
    : endpoint(owner),
      config(std::move(configuration)),
      connection_settings{nullptr, {config.max_outbound_bytes}, &counters},
      loops(make_loops(config, connection_settings)),
      pubsub(std::make_unique<PubSub>(loops)),
      presence_tracker(std::make_unique<PresenceTracker>(
          loops, *pubsub, presence_state_delivery, make_replica_name(), config.presence_window)),
      presence(*presence_tracker),
      services{&endpoint, config, counters, *pubsub, *presence_tracker, &presence},
      site(config, counters, loops) {
  site.fallback = [this](const HttpRequest& request) {
    return answer_endpoint_request(*this, request);
  };
}

EndpointCore::~EndpointCore() {
  for (auto& loop : loops) loop->stop();
  listener.reset();
  if (cluster) {  // before the loop it runs on
    pubsub->set_adapter(nullptr);
    pubsub->set_shared_streams(nullptr);
    site.remote_sessions = nullptr;
    cluster.reset();
  }
  loops.clear();
}

// The Redis cluster, when the config names one; its node name defaults to host:port, which
// needs the listener's port.
void EndpointCore::start_cluster(RedisAddress redis) {
  RedisCluster::Settings settings{std::move(redis), config.node_name, config.node_down};
  if (settings.node.empty()) {
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "wick");
    settings.node = std::string(host) + ":" + std::to_string(listener->port());
  }
  // Phoenix's pubsub timeout (2 s) on top of the window a relayed poll may wait.
  settings.longpoll_patience = config.longpoll_window + std::chrono::seconds(2);
  site.node = settings.node;
  cluster = std::make_shared<RedisCluster>(
      *loops.front(), *pubsub, *presence_tracker, counters, std::move(settings),
      [this](RelayedLongPoll request, RelayedAnswer answer) {
        serve_relayed_longpoll(site, std::move(request), std::move(answer));
      });
  site.remote_sessions = &cluster->remote_sessions();
  pubsub->set_adapter(cluster);
  pubsub->set_shared_streams(cluster.get());
  cluster->start();
}

void EndpointCore::add_mount(std::string path, std::shared_ptr<SocketHandler> handler) {
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (handler->router().keeps_history()) pubsub->add_routes(history_routes(handler->router()));
  mounts.push_back(std::make_unique<SocketMount>(std::move(handler), services));
  site.mounts.push_back({path + "/websocket", path + "/longpoll", mounts.back().get()});
}

void EndpointCore::start() {
  std::optional<RedisAddress> redis;
  if (!config.redis_url.empty()) {
    if (pubsub->clustered()) {
      throw std::logic_error("an endpoint takes redis_url or a cluster adapter, not both");
    }
    redis = parse_redis_url(config.redis_url);
  }
  if (!config.tls_certificate_file.empty() || !config.tls_private_key_file.empty()) {
    tls = std::make_unique<TlsContext>(config.tls_certificate_file, config.tls_private_key_file);
  }
  connection_settings.tls = tls.get();
  listener = std::make_unique<Listener>(
      config.host, config.port, loops, *loops.front(),
      [this](EventLoop& loop, Connection::TcpSocket socket) {
        Connection* connection = nullptr;
        loop.add([&](std::uint64_t id) {
          auto made = std::make_unique<Connection>(loop, id, std::move(socket));
          connection = made.get();
          return made;
        });
        connection->start(std::make_unique<HttpSession>(*connection, site));
      });
  if (redis) start_cluster(std::move(*redis));
  for (auto& loop : loops) loop->start();
  asio::post(loops.front()->io(), [this] { listener->start(); });
}

// The other nodes drop this one's presences at once, not after their node-down time; waits
// (briefly) until Redis has the word.
void EndpointCore::leave_cluster() {
  constexpr auto patience = std::chrono::milliseconds(500);
  bool said = false;
  run_on(*loops.front(), [&] { said = cluster->leave(); });
  auto deadline = SteadyClock::now() + patience;
  while (said && SteadyClock::now() < deadline) {
    bool heard = false;
    run_on(*loops.front(), [&] { heard = cluster->published_all(); });
    if (heard) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// Stops accepting, tells the cluster this node leaves, drains the sockets (closed with 1012,
// each channel's terminate run, in batches so that their clients reconnect elsewhere
// gradually), waits up to a grace period for clients to answer the close handshake, then stops
// the loops.
void EndpointCore::shutdown() {
  run_on(*loops.front(), [this] { listener->close(); });
  if (cluster) leave_cluster();
  drain();
  auto deadline = SteadyClock::now() + shutdown_grace;
  for (auto& loop : loops) {
    while (SteadyClock::now() < deadline) {
      std::size_t open = 0;
      run_on(*loop, [&] { open = loop->resident_count(); });
      if (open == 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  for (auto& loop : loops) loop->stop();
}

// Phoenix's socket drainer: a batch of sockets every interval (spread over the loops), until
// none is left or the drain time is up; then whatever is left, at once.
void EndpointCore::drain() {
  std::size_t per_loop =
      std::max<std::size_t>(1, (config.drain_batch_size + loops.size() - 1) / loops.size());
  auto give_up = SteadyClock::now() + config.drain_timeout;
  while (true) {
    std::size_t left = 0;
    for (auto& loop : loops) run_on(*loop, [&] { left += loop->drain(per_loop); });
    if (left == 0 || SteadyClock::now() + config.drain_batch_interval > give_up) break;
    std::this_thread::sleep_for(config.drain_batch_interval);
  }
  for (auto& loop : loops) {
    run_on(*loop, [&loop] { loop->close_all_for_shutdown(); });
  }
}

EndpointStats EndpointCore::stats() const {
  EndpointStats stats;
  counters.read_into(stats);
  for (const auto& loop : loops) loop->counters().add_into(stats);
  stats.subscriptions = pubsub->subscription_count();
  stats.presences = presence_tracker->size();
  return stats;
}

}  // namespace detail

Endpoint::Endpoint(EndpointConfig config)
    : core_(std::make_unique<detail::EndpointCore>(*this, std::move(config))) {}

Endpoint::~Endpoint() = default;

void Endpoint::mount(std::string path, std::shared_ptr<SocketHandler> handler) {
  core_->add_mount(std::move(path), std::move(handler));
}

void Endpoint::serve_static(std::string url_prefix, std::string directory) {
  if (url_prefix.empty() || url_prefix.back() != '/') url_prefix.push_back('/');
  core_->static_mounts.push_back({std::move(url_prefix), std::move(directory)});
}

void Endpoint::route(std::string method, std::string_view pattern, HttpHandler handler) {
  core_->site.router.add(std::move(method), pattern, std::move(handler));
}

void Endpoint::set_cluster_adapter(std::shared_ptr<ClusterAdapter> adapter) {
  core_->pubsub->set_adapter(std::move(adapter));
}

void Endpoint::start() {
  if (!core_->listener) core_->start();
}

void Endpoint::run() {
  start();
  boost::asio::io_context signals_io;
  boost::asio::signal_set signals(signals_io, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code, int) { signals_io.stop(); });
  {
    std::lock_guard lock(core_->stop_mutex);
    if (core_->stop_requested) signals_io.stop();
    core_->stop_signal = &signals_io;
  }
  signals_io.run();
  {
    std::lock_guard lock(core_->stop_mutex);
    core_->stop_signal = nullptr;
  }
  log::info("shutting down");
  core_->shutdown();
}

void Endpoint::stop() {
  std::lock_guard lock(core_->stop_mutex);
  core_->stop_requested = true;
  if (core_->stop_signal) core_->stop_signal->stop();
}

std::uint16_t Endpoint::port() const { return core_->listener ? core_->listener->port() : 0; }

void Endpoint::broadcast(std::string_view topic, std::string_view event, Payload payload) {
  core_->pubsub->broadcast(topic, event, std::move(payload));
}

void Endpoint::broadcast_from(const ChannelRef& from, std::string_view topic,
                              std::string_view event, Payload payload) {
  core_->pubsub->broadcast(topic, event, std::move(payload), from.connection_);
}

void Endpoint::deliver_remote(std::string_view topic, std::string_view event, Payload payload) {
  core_->pubsub->local_broadcast(topic, event, std::move(payload));
}

void Endpoint::remote_ready(std::string_view topic) { core_->pubsub->remote_ready(topic); }

EndpointStats Endpoint::stats() const { return core_->stats(); }

const EndpointConfig& Endpoint::config() const { return core_->config; }

Presence& Endpoint::presence() { return core_->presence; }

}  // namespace wick
