#include "storage/open_store.hpp"

#include "storage/postgres_store.hpp"
#include "storage/sqlite_store.hpp"

namespace chat {

bool is_postgresql_url(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::unique_ptr<ChatStore> open_store(const std::string& location) {
  if (is_postgresql_url(location)) return std::make_unique<PostgresStore>(location);
  return std::make_unique<SqliteStore>(location);
}

std::string printable_location(std::string_view location) {
  if (!is_postgresql_url(location)) return std::string(location);
  std::size_t authority = location.find("://") + 3;
  std::size_t at = location.find('@', authority);
  std::size_t colon = location.find(':', authority);
  if (at == std::string_view::npos || colon == std::string_view::npos || colon > at) {
    return std::string(location);
  }
  return std::string(location.substr(0, colon + 1)) + "***" + std::string(location.substr(at));
}

}  // namespace chat
