#pragma once
// Every limit and default of an endpoint, in one plain struct: the README's "Configuration and
// limits" explains each. Handed to wick::Endpoint, and read by every part of the server.
//
//   wick::EndpointConfig config;
//   config.port = 8080;
//   config.allowed_origins = {"https://chat.example.com"};
//   wick::Endpoint endpoint(config);
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace wick {

/// Every limit and default of an endpoint, in one place; the README's "Configuration and limits"
/// explains each.
struct EndpointConfig {
  /// The IP address to listen on, as a literal (not a host name); "0.0.0.0": every IPv4
  /// interface.
  std::string host = "127.0.0.1";
  std::uint16_t port = 4000;  ///< The TCP port; 0: the kernel picks one (see Endpoint::port()).
  unsigned threads = 0;       ///< Event loops, one thread each; 0: one per core.
  /// The largest WebSocket message, in bytes (a larger one → close 1009), and the largest HTTP
  /// request body (→ 413).
  std::size_t max_message_bytes = 1 << 20;
  /// Bytes queued for one client; a client whose queue passes this (it stopped reading) is
  /// disconnected, and its channels terminate with ExitReason::closed.
  std::size_t max_outbound_bytes = 4 << 20;
  /// Channels one socket may have joined at once; the next join is answered error
  /// {"reason":"too many channels joined"}.
  std::size_t max_channels_per_socket = 100;
  /// Open sockets (WebSockets and long-poll sessions) per node; over it, new ones get HTTP 503.
  std::size_t max_connections = 100'000;
  /// The longest topic, in bytes; a join of a longer topic → error {"reason":"topic too long"}.
  std::size_t max_topic_bytes = 255;
  /// Client messages per socket: a token bucket refilled at this rate, holding `message_burst`.
  /// A message over it is answered error {"reason":"rate limited"} and dropped; a socket that
  /// keeps going for another burst of refused messages is closed with 1008. A rate of 0: no
  /// limit, the default, as in Phoenix; for a public deployment we recommend 100 (a burst of
  /// 0 means twice the rate).
  double messages_per_second = 0;
  double message_burst = 0;  ///< The bucket size of messages_per_second; 0: twice the rate.
  /// Joins per socket, the same way (refused joins answer {"reason":"rate limited"}). A rate of
  /// 0: no limit, the default; we recommend 20. A burst of 0 means max_channels_per_socket, so
  /// that a reconnecting client can rejoin every channel it may hold at once.
  double joins_per_second = 0;
  double join_burst = 0;  ///< The bucket size of joins_per_second; 0: max_channels_per_socket.
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
  std::string tls_private_key_file;  ///< The PEM private key of tls_certificate_file.
  /// Key for POST /api/broadcast (Authorization: Bearer KEY); empty: the route is off.
  std::string api_key;
  /// Presence changes on a topic within this window go out as one presence_diff; 0: each
  /// change is sent at once.
  std::chrono::milliseconds presence_window{30};
  /// Serve the WebSocket transport under each mount, at `<path>/websocket`.
  bool websocket = true;
  bool longpoll = true;  ///< Serve the long-poll transport under each mount, at `<path>/longpoll`.
  /// How long a long-poll GET waits for messages before answering 204. A session nobody
  /// polls for 1.5 windows is closed.
  std::chrono::milliseconds longpoll_window{10'000};
  /// Messages a long-poll session may hold for its client; over it (or over
  /// max_outbound_bytes) the session is closed.
  std::size_t longpoll_max_buffered_messages = 10'000;

  /// At shutdown (SIGTERM, Endpoint::stop), sockets are closed with 1012 (service restart) in
  /// batches of this many, one batch every interval, so that their clients reconnect to other
  /// nodes gradually; whatever is left when the drain time is up is closed at once. Phoenix's
  /// drainer defaults.
  std::size_t drain_batch_size = 10'000;
  /// The time between two drain batches (see drain_batch_size).
  std::chrono::milliseconds drain_batch_interval{2'000};
  /// The whole drain time; the sockets still open when it is up are closed at once.
  std::chrono::milliseconds drain_timeout{30'000};
  /// The cluster (docs/cluster.md): the Redis the nodes share,
  /// redis://[[user]:password@]host[:port][/db]. Empty: a single node, no Redis. start()
  /// throws std::invalid_argument for a URL it cannot read; a Redis it cannot reach is retried
  /// while the node serves its own clients.
  std::string redis_url;
  /// This node's name in the cluster, unique among the nodes; empty: the host name and port
  /// ("web1:4000").
  std::string node_name;
  /// A node of the cluster that this one has not heard from for this long is taken as down:
  /// its presences leave here (Phoenix waits 30 s).
  std::chrono::milliseconds node_down{10'000};
};

}  // namespace wick
