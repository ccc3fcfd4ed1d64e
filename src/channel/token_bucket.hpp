#pragma once
// A token bucket for per-socket rate limits: `rate` tokens per second up to `burst`; each
// message takes one. 8 bytes, starts full.
#include <algorithm>
#include <chrono>
#include <cstdint>

#include "clock.hpp"

namespace wick::detail {

class TokenBucket {
 public:
  using Clock = SteadyClock;

  /// Takes a token if there is one; refills for the time passed since the last call first.
  bool take(Clock::time_point now, double rate, double burst) {
    auto now_ms = static_cast<std::uint32_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
    if (tokens_ < 0) {  // the first message
      tokens_ = static_cast<float>(burst);
    } else {
      std::uint32_t elapsed = now_ms - last_ms_;  // unsigned: survives the wrap-around
      tokens_ = static_cast<float>(std::min(
          burst, static_cast<double>(tokens_) + rate * static_cast<double>(elapsed) / 1000.0));
    }
    last_ms_ = now_ms;
    if (tokens_ < 1.0f) return false;
    tokens_ -= 1.0f;
    return true;
  }

 private:
  float tokens_ = -1;  // negative until the first message
  std::uint32_t last_ms_ = 0;
};

}  // namespace wick::detail
