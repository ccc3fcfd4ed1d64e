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
#include <wick/http.hpp>
#include <wick/payload.hpp>
#include <wick/presence.hpp>
#include <wick/socket_handler.hpp>

namespace wick {

/// Every limit and default of an endpoint, in one place; the README's "Configuration and limits"
/// explains each.
struct EndpointConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 4000;                 // 0: the kernel picks one (see Endpoint::port())
  unsigned threads = 0;                      // event loops; 0: one per core
  std::size_t max_message_bytes = 1 << 20;   // larger WebSocket message → close 1009
  std::size_t max_outbound_bytes = 4 << 20;  // queued for one client; over it → disconnected
  std::size_t max_channels_per_socket = 100;
  /// Open sockets (WebSockets and long-poll sessions) per node; over it, new ones get HTTP 503.
  std::size_t max_connections = 100'000;
  std::size_t max_topic_bytes =
      255;  // a join of a longer topic → error {"reason":"topic too long"}
  /// Client messages per socket: a token bucket refilled at this rate, holding `message_burst`.
  /// A message over it is answered error {"reason":"rate limited"} and dropped; a socket that
  /// keeps going for another burst of refused messages is closed with 1008. A rate of 0: no
  /// limit, the default, as in Phoenix; for a public deployment we recommend 100 (a burst of
  /// 0 means twice the rate).
  double messages_per_second = 0;
  double message_burst = 0;
  /// Joins per socket, the same way (refused joins answer {"reason":"rate limited"}). A rate of
  /// 0: no limit, the default; we recommend 20. A burst of 0 means max_channels_per_socket, so
  /// that a reconnecting client can rejoin every channel it may hold at once.
  double joins_per_second = 0;
  double join_burst = 0;
  /// The heartbeat timeout: a WebSocket that sends nothing for this long is closed (1001).
  std::chrono::milliseconds idle_timeout{60'000};
  /// An HTTP connection that does not finish a request (the upgrade, say) within this is dropped.
  std::chrono::milliseconds handshake_timeout{10'000};
  /// A channel callback that runs longer than this is logged with its topic and event.
  std::chrono::milliseconds slow_handler_threshold{100};
  /// GET /metrics in Prometheus text format.
  bool metrics = true;
  /// Allowed browser origins ("https://example.com", "//*.example.com"); empty: any origin.
  std::vector<std::string> allowed_origins;
  /// PEM certificate chain and private key. When both are set, the port speaks TLS only:
  /// wss:// and https:// (TLS 1.2 and later); start() throws if they cannot be loaded.
  std::string tls_certificate_file;
  std::string tls_private_key_file;
  /// Key for POST /api/broadcast (Authorization: Bearer KEY); empty: the route is off.
  std::string api_key;
  /// Presence changes on a topic within this window go out as one presence_diff; 0: each
  /// change is sent at once.
  std::chrono::milliseconds presence_window{30};
  /// Transports served under each mount: <path>/websocket and <path>/longpoll.
  bool websocket = true;
  bool longpoll = true;
  /// How long a long-poll GET waits for messages before answering 204. A session nobody
  /// polls for 1.5 windows is closed.
  std::chrono::milliseconds longpoll_window{10'000};
  /// Messages a long-poll session may hold for its client; over it (or over
  /// max_outbound_bytes) the session is closed.
  std::size_t longpoll_max_buffered_messages = 10'000;
};

/// Counters an operator (or a test) can read at any time.
struct EndpointStats {
  std::uint64_t connections = 0;    // open sockets: WebSockets and long-poll sessions
  std::uint64_t channels = 0;       // joined channels
  std::uint64_t subscriptions = 0;  // topic subscriptions (one per joined channel, today)
  std::uint64_t presences = 0;      // tracked presence entries
  std::uint64_t messages_in = 0;    // client messages decoded
  std::uint64_t messages_out = 0;   // frames queued to clients
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
  std::uint64_t slow_consumer_disconnects = 0;      // outbound queue over the limit
  std::uint64_t heartbeat_timeout_disconnects = 0;  // nothing received for idle_timeout
  std::uint64_t limit_disconnects = 0;              // rate limit sustained, message too big
  std::uint64_t protocol_error_disconnects = 0;     // malformed frames, messages or requests
  std::uint64_t handshake_timeouts = 0;             // HTTP connections dropped before a request
  std::uint64_t rate_limited_messages = 0;          // messages and joins refused by a rate limit
  std::uint64_t refused_connections = 0;            // over max_connections
  std::uint64_t slow_handlers = 0;                  // callbacks over slow_handler_threshold
};

/// A seam for clustering: forwards each broadcast to the other nodes, which hand what they
/// receive to Endpoint::deliver_remote(). A single node needs none.
class ClusterAdapter {
 public:
  virtual ~ClusterAdapter() = default;
  virtual void forward(std::string_view topic, std::string_view event, const Payload& payload) = 0;
};

namespace detail {
class EndpointCore;
}

class Endpoint {
 public:
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
  void set_cluster_adapter(std::shared_ptr<ClusterAdapter> adapter);

  /// Binds, listens and starts the event loops; returns at once. Throws if the port is taken.
  void start();
  /// start() if needed, then blocks until SIGINT/SIGTERM or stop(); then shuts down gracefully:
  /// stops accepting, closes every socket with 1001 after running each channel's terminate.
  void run();
  /// Asks run() to return (graceful shutdown). Safe from any thread and from a signal's loop.
  void stop();
  std::uint16_t port() const;

  /// `payload` is a JSON object or wick::Binary; anything else throws std::invalid_argument.
  void broadcast(std::string_view topic, std::string_view event, Payload payload);
  /// As broadcast, except the channel `from` (it does not receive its own message).
  void broadcast_from(const ChannelRef& from, std::string_view topic, std::string_view event,
                      Payload payload);
  /// Delivers a broadcast that another node forwarded, to this node's subscribers only.
  /// Throws std::invalid_argument, as broadcast does, for a payload that is not an object.
  void deliver_remote(std::string_view topic, std::string_view event, Payload payload);

  /// Who is online in which topic (see presence.hpp).
  Presence& presence();

  EndpointStats stats() const;
  const EndpointConfig& config() const;

 private:
  std::unique_ptr<detail::EndpointCore> core_;
};

}  // namespace wick
