#include "log.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace wick::log {
namespace {

enum class Level { error = 0, warn = 1, info = 2 };

Level configured_level() {
  static const Level level = [] {
    const char* value = std::getenv("WICK_LOG");
    if (value == nullptr) return Level::info;
    if (std::strcmp(value, "error") == 0) return Level::error;
    if (std::strcmp(value, "warn") == 0) return Level::warn;
    return Level::info;
  }();
  return level;
}

void write(Level level, const char* tag, std::string_view line) {
  if (level > configured_level()) return;
  // One fprintf per line keeps lines from different loops whole.
  std::fprintf(stderr, "[wick] %s %.*s\n", tag, static_cast<int>(line.size()), line.data());
}

}  // namespace

void error(std::string_view line) { write(Level::error, "error", line); }
void warn(std::string_view line) { write(Level::warn, "warn", line); }
void info(std::string_view line) { write(Level::info, "info", line); }

}  // namespace wick::log
