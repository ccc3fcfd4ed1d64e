#include "endpoint_settings.hpp"

namespace apps {

void add_endpoint_settings(Settings& settings, wick::EndpointConfig& config) {
  settings.add("port", "TCP port; 0: the kernel picks one (the program prints it)", config.port)
      .env_alias("PORT");
  settings.add("host", "address to listen on; 0.0.0.0 or :: for every interface", config.host);
  settings.add("threads", "event loops; 0: one per core", config.threads);
  settings.add("tls-cert",
               "PEM certificate chain; with tls-key, the port speaks HTTPS and wss:// only",
               config.tls_certificate_file);
  settings.add("tls-key", "PEM private key of tls-cert", config.tls_private_key_file);
  settings.add("origins",
               "allowed browser origins (https://example.com, //*.example.com); none: any",
               config.allowed_origins);
  settings.add("api-key",
               "key of POST /api/broadcast (Authorization: Bearer KEY); none: the route is off",
               config.api_key);
  settings.add("metrics", "serve GET /metrics (Prometheus text)", config.metrics);
  settings.add("websocket", "serve the WebSocket transport (<mount>/websocket)", config.websocket);
  settings.add("longpoll", "serve the long-poll transport (<mount>/longpoll)", config.longpoll);
  settings
      .add("longpoll-window-ms", "how long a long-poll GET waits for messages",
           config.longpoll_window)
      .at_least(1);
  settings.add("max-connections", "open sockets per node; over it, HTTP 503",
               config.max_connections);
  settings.add("max-message-bytes", "largest WebSocket message; larger closes with 1009",
               config.max_message_bytes);
  settings.add("max-outbound-bytes",
               "bytes queued for one slow client; over it, it is disconnected",
               config.max_outbound_bytes);
  settings.add("max-channels-per-socket", "channels one socket may join",
               config.max_channels_per_socket);
  settings.add("messages-per-second",
               "client messages per socket (token bucket, burst twice that); 0: no limit",
               config.messages_per_second);
  settings.add("joins-per-second", "joins per socket (burst max-channels-per-socket); 0: no limit",
               config.joins_per_second);
  settings
      .add("idle-timeout-ms", "a WebSocket silent this long is closed (heartbeat timeout)",
           config.idle_timeout)
      .at_least(1);
  settings.add("presence-window-ms",
               "presence changes within this window go out as one presence_diff; 0: at once",
               config.presence_window);
  settings.add("drain-timeout-ms",
               "at shutdown, sockets are closed in batches within this time (code 1012)",
               config.drain_timeout);
  settings
      .add("redis",
           "the cluster's Redis, redis://[[user]:password@]host[:port][/db]; none: one node",
           config.redis_url)
      .env_alias("WICK_REDIS_URL");
  settings.add("node-name", "this node's name in the cluster, unique; none: host:port",
               config.node_name);
  settings.add("node-down-ms", "a node not heard from this long is taken as down", config.node_down)
      .at_least(1);
}

}  // namespace apps
