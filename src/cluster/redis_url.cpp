#include "cluster/redis_url.hpp"

#include <charconv>
#include <stdexcept>

namespace wick::detail {
namespace {

constexpr std::string_view scheme = "redis://";

[[noreturn]] void refuse(std::string_view url, std::string_view why) {
  throw std::invalid_argument("Redis URL \"" + std::string(url) + "\": " + std::string(why) +
                              " (expected redis://[[user]:password@]host[:port][/db])");
}

// A whole decimal number in [0, max].
bool parse_number(std::string_view text, unsigned max, unsigned& value) {
  if (text.empty()) return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && value <= max;
}

}  // namespace

std::string RedisAddress::where() const { return host + ":" + std::to_string(port); }

RedisAddress parse_redis_url(std::string_view url) {
  if (!url.starts_with(scheme)) refuse(url, "not a redis:// URL");
  std::string_view rest = url.substr(scheme.size());
  RedisAddress address;
  // The credentials end at the last '@', so that a password may hold one.
  if (std::size_t at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view credentials = rest.substr(0, at);
    rest = rest.substr(at + 1);
    std::size_t colon = credentials.find(':');
    if (colon == std::string_view::npos) refuse(url, "credentials need a ':' before the password");
    address.user = credentials.substr(0, colon);
    address.password = credentials.substr(colon + 1);
    if (address.password.empty()) refuse(url, "empty password");
  }
  if (std::size_t slash = rest.find('/'); slash != std::string_view::npos) {
    std::string_view database = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
    if (!database.empty() && !parse_number(database, 1'000'000, address.database)) {
      refuse(url, "the database is not a number");
    }
  }
  if (std::size_t colon = rest.rfind(':'); colon != std::string_view::npos) {
    unsigned port = 0;
    if (!parse_number(rest.substr(colon + 1), 65535, port) || port == 0) {
      refuse(url, "the port is not a number from 1 to 65535");
    }
    address.port = static_cast<std::uint16_t>(port);
    rest = rest.substr(0, colon);
  }
  if (rest.empty()) refuse(url, "no host");
  address.host = rest;
  return address;
}

}  // namespace wick::detail
