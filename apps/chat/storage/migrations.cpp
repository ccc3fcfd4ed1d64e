#include "storage/migrations.hpp"

#include <stdexcept>
#include <string>

namespace chat {

void migrate_from(std::size_t current, std::string_view Migration::*dialect,
                  const std::function<void(std::string_view, std::size_t)>& apply) {
  if (current > migrations.size()) {
    throw std::runtime_error("the database's schema (version " + std::to_string(current) +
                             ") is newer than this build's (" + std::to_string(migrations.size()) +
                             ")");
  }
  for (std::size_t next = current; next < migrations.size(); ++next) {
    apply(migrations[next].*dialect, next + 1);
  }
}

}  // namespace chat
