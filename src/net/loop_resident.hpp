#pragma once
// What an event loop owns under an id: a TCP connection, or a long-poll session. The loop finds
// residents by id (so that a handle to one can be held across threads and outlive it), flushes
// them at the end of a round, and sweeps them for timeouts.
#include <chrono>

#include "clock.hpp"

namespace wick::detail {

class LoopResident {
 public:
  using Clock = SteadyClock;

  virtual ~LoopResident() = default;
  /// Sends what was queued during the round.
  virtual void flush() = 0;
  virtual void check_timeouts(Clock::time_point now) = 0;
  /// Server shutdown: close with 1012 (channels terminate), or drop. Again: nothing.
  virtual void close_for_shutdown() = 0;
};

}  // namespace wick::detail
