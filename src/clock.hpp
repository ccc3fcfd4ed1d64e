#pragma once
// The two clocks of the server: a steady one for timeouts and rates, and wall-clock time as the
// wire carries it (Phoenix tokens, long-poll tokens and phx_refs count from the Unix epoch).
#include <chrono>
#include <cstdint>

namespace wick::detail {

using SteadyClock = std::chrono::steady_clock;
using WallClock = std::chrono::system_clock;

/// Milliseconds since the Unix epoch at `at`.
inline std::int64_t unix_ms(WallClock::time_point at = WallClock::now()) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

/// Nanoseconds since the Unix epoch at `at`.
inline std::int64_t unix_ns(WallClock::time_point at = WallClock::now()) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count();
}

}  // namespace wick::detail
