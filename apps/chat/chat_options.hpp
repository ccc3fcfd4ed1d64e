#pragma once
// wick-chat's configuration, from flags first and the environment second:
//
//   --port P               PORT                  4000
//   --host H               WICK_HOST             127.0.0.1
//   --db PATH              WICK_CHAT_DB          var/chat.db (SQLite; directories are created)
//   --database URL         DATABASE_URL          none; postgresql://user:pass@host:port/db
//                                                instead of SQLite, for several nodes
//   --secret-key-base S    SECRET_KEY_BASE       generated once and kept in
//                                                <db directory>/secret_key_base (mode 0600);
//                                                required with --database: nodes share it
//   --redis URL            WICK_REDIS_URL        none: one node; else the cluster's Redis
//   --node-name NAME                             host:port (unique in the cluster)
//   --node-down-ms MS                            10000 (a silent node is taken as down)
//   --api-key KEY          WICK_API_KEY          none: POST /api/broadcast is off
//   --origins A,B          WICK_ORIGINS          any origin
//   --static DIR           WICK_CHAT_STATIC      the web page built next to the binary
//   --tls-cert PEM         WICK_TLS_CERT         none: plain HTTP; with --tls-key, HTTPS and wss
//   --tls-key PEM          WICK_TLS_KEY
//   --threads N                                  one event loop per core
//   --db-readers N                               2 reader threads
//   --messages-per-second R                      25 per socket (burst 2 R), then refused;
//                                                0: no limit. Joins: 10 a second, burst 100
#include <string>
#include <wick/wick.hpp>

namespace chat {

struct ChatOptions {
  wick::EndpointConfig endpoint;
  std::string db_path = "var/chat.db";
  std::string database_url;  // PostgreSQL; empty: SQLite at db_path
  std::string secret_key_base;
  std::string static_dir;
  unsigned db_readers = 2;
};

/// Exits with a usage message on a bad flag.
ChatOptions parse_options(int argc, char** argv);
/// Where the store is: the PostgreSQL URL, or else the SQLite file (see open_store).
std::string store_location(const ChatOptions& options);
/// The secret from the options, or the one kept beside the database (created on first start).
std::string load_or_create_secret(const ChatOptions& options);

}  // namespace chat
