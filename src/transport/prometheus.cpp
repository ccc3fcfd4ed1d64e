#include "transport/prometheus.hpp"

namespace wick::detail {
namespace {

void metric(std::string& out, std::string_view name, std::string_view type, std::string_view help,
            std::uint64_t value) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
  out.append(name).append(" ").append(std::to_string(value)).append("\n");
}

}  // namespace

std::string prometheus_text(const EndpointStats& stats) {
  std::string out;
  metric(out, "wick_connections", "gauge", "Open sockets (WebSockets and long-poll sessions).",
         stats.connections);
  metric(out, "wick_channels", "gauge", "Joined channels.", stats.channels);
  metric(out, "wick_subscriptions", "gauge", "Topic subscriptions.", stats.subscriptions);
  metric(out, "wick_presences", "gauge", "Tracked presence entries.", stats.presences);
  metric(out, "wick_messages_in_total", "counter", "Client messages decoded.", stats.messages_in);
  metric(out, "wick_messages_out_total", "counter", "Frames queued to clients.",
         stats.messages_out);
  metric(out, "wick_bytes_in_total", "counter", "Bytes read from clients.", stats.bytes_in);
  metric(out, "wick_bytes_out_total", "counter", "Bytes written to clients.", stats.bytes_out);
  out +=
      "# HELP wick_disconnects_total Sockets the server closed, by reason.\n"
      "# TYPE wick_disconnects_total counter\n";
  auto reason = [&](std::string_view name, std::uint64_t value) {
    out.append("wick_disconnects_total{reason=\"").append(name).append("\"} ");
    out.append(std::to_string(value)).append("\n");
  };
  reason("slow_consumer", stats.slow_consumer_disconnects);
  reason("heartbeat_timeout", stats.heartbeat_timeout_disconnects);
  reason("limit", stats.limit_disconnects);
  reason("protocol_error", stats.protocol_error_disconnects);
  reason("handshake_timeout", stats.handshake_timeouts);
  metric(out, "wick_rate_limited_total", "counter", "Messages and joins refused by a rate limit.",
         stats.rate_limited_messages);
  metric(out, "wick_refused_connections_total", "counter",
         "Connections refused with 503 over max_connections.", stats.refused_connections);
  metric(out, "wick_slow_handlers_total", "counter",
         "Channel callbacks that ran longer than the slow-handler threshold.", stats.slow_handlers);
  return out;
}

}  // namespace wick::detail
