#pragma once
// One line per event on stderr. The level comes from WICK_LOG (error, warn, info; default info).
#include <string_view>

namespace wick::log {

void error(std::string_view line);
void warn(std::string_view line);
void info(std::string_view line);

}  // namespace wick::log
