#pragma once
// A PostgreSQL server of its own for a test (Debian's postgresql 15): a fresh data directory in
// /tmp, initdb'ed and started on a free loopback port, trusting local connections, and removed
// when the object goes. The server refuses to run as root, so as root it runs as `postgres`.
#include <cstdint>
#include <string>

namespace wick::testing {

class PostgresServer {
 public:
  PostgresServer();
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  /// A new empty database; its URL.
  std::string create_database();
  /// Stops the server at once (SIGQUIT: no shutdown checkpoint) and starts it again.
  void restart();
  std::uint16_t port() const { return port_; }

 private:
  void start();
  void stop(const char* mode);
  std::string url(const std::string& database) const;

  std::string directory_;
  std::uint16_t port_ = 0;
  int databases_ = 0;
};

/// One server for the whole test program (tests run one after another), started on first use.
PostgresServer& shared_postgres_server();

}  // namespace wick::testing
