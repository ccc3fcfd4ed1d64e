#pragma once
// Counters an operator (or a test) can read at any time: Endpoint::stats(), and GET /metrics in
// Prometheus' text format.
//
//   wick::EndpointStats stats = endpoint.stats();     // from any thread
//   log("open: " + std::to_string(stats.connections));
//
// Every statistic is one row of the tables below; the struct here, the server's own counters
// and the /metrics text are all generated from them, so a new counter is one line.
#include <cstdint>

// X(field, metric, reason, type, help): the field of EndpointStats, its Prometheus metric, the
// value of the metric's `reason` label ("" for none; rows that share a metric are one family,
// described by the first row's help), "gauge" or "counter", and what it counts.
//
// Node-wide counters, written from every event loop (atomic increments, rare events mostly).
#define WICK_NODE_STATS(X)                                                                       \
  X(connections, "wick_connections", "", "gauge",                                                \
    "Open sockets (WebSockets and long-poll sessions).")                                         \
  X(channels, "wick_channels", "", "gauge", "Joined channels.")                                  \
  X(slow_consumer_disconnects, "wick_disconnects_total", "slow_consumer", "counter",             \
    "Sockets the server closed, by reason.")                                                     \
  X(heartbeat_timeout_disconnects, "wick_disconnects_total", "heartbeat_timeout", "counter", "") \
  X(limit_disconnects, "wick_disconnects_total", "limit", "counter", "")                         \
  X(protocol_error_disconnects, "wick_disconnects_total", "protocol_error", "counter", "")       \
  X(handshake_timeouts, "wick_disconnects_total", "handshake_timeout", "counter", "")            \
  X(rate_limited_messages, "wick_rate_limited_total", "", "counter",                             \
    "Messages and joins refused by a rate limit.")                                               \
  X(refused_connections, "wick_refused_connections_total", "", "counter",                        \
    "Connections refused with 503 over max_connections.")                                        \
  X(slow_handlers, "wick_slow_handlers_total", "", "counter",                                    \
    "Channel callbacks that ran longer than the slow-handler threshold.")                        \
  X(cluster_link_up, "wick_cluster_link_up", "", "gauge",                                        \
    "1 while the link to the cluster's Redis is up; 0 when down or without a cluster.")          \
  X(cluster_reconnects, "wick_cluster_reconnects_total", "", "counter",                          \
    "Times the link to Redis came back up after it was lost.")                                   \
  X(cluster_published, "wick_cluster_messages_total", "published", "counter",                    \
    "Cluster messages, by what became of them.")                                                 \
  X(cluster_received, "wick_cluster_messages_total", "received", "counter", "")                  \
  X(cluster_discarded, "wick_cluster_messages_total", "discarded", "counter", "")                \
  X(cluster_dropped, "wick_cluster_messages_total", "dropped", "counter", "")                    \
  X(cluster_malformed, "wick_cluster_messages_total", "malformed", "counter", "")                \
  X(cluster_longpoll_relayed, "wick_cluster_longpoll_total", "relayed", "counter",               \
    "Long-poll requests for sessions of other nodes: relayed there, served here for another "    \
    "node, given up on (no such node, link down, no answer in time).")                           \
  X(cluster_longpoll_served, "wick_cluster_longpoll_total", "served", "counter", "")             \
  X(cluster_longpoll_lost, "wick_cluster_longpoll_total", "lost", "counter", "")

// Traffic, counted by each event loop on its own (no locked instruction per message) and
// summed when read.
#define WICK_LOOP_STATS(X)                                                               \
  X(messages_in, "wick_messages_in_total", "", "counter", "Client messages decoded.")    \
  X(messages_out, "wick_messages_out_total", "", "counter", "Frames queued to clients.") \
  X(bytes_in, "wick_bytes_in_total", "", "counter", "Bytes read from clients.")          \
  X(bytes_out, "wick_bytes_out_total", "", "counter", "Bytes written to clients.")

// Sizes read from the parts that hold them when the stats are taken.
#define WICK_SIZE_STATS(X)                                                     \
  X(subscriptions, "wick_subscriptions", "", "gauge",                          \
    "Topic subscriptions: one per joined channel, one per socket with an id.") \
  X(presences, "wick_presences", "", "gauge", "Tracked presence entries, of every replica.")

#define WICK_STATS(X) WICK_NODE_STATS(X) WICK_LOOP_STATS(X) WICK_SIZE_STATS(X)

namespace wick {

/// A snapshot of every statistic (see the tables above for what each counts).
struct EndpointStats {
#define WICK_STATS_FIELD(field, metric, reason, type, help) std::uint64_t field = 0;
  WICK_STATS(WICK_STATS_FIELD)
#undef WICK_STATS_FIELD
};

}  // namespace wick
