#pragma once
// Where the cluster's Redis is: redis://[[user]:password@]host[:port][/db], as Redis' own
// clients spell it.
#include <cstdint>
#include <string>
#include <string_view>

namespace wick::detail {

struct RedisAddress {
  std::string host;
  std::uint16_t port = 6379;
  std::string user;      // empty: AUTH with the password alone (requirepass)
  std::string password;  // empty: no AUTH
  unsigned database = 0;

  /// "host:port", for log lines (never the password).
  std::string where() const;
};

/// Throws std::invalid_argument naming what is wrong with `url`.
RedisAddress parse_redis_url(std::string_view url);

}  // namespace wick::detail
