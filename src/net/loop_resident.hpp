#pragma once
// What an event loop owns under an id: a TCP connection, or a long-poll session. The loop finds
// residents by id (ChannelRef, ReplyHandle, socket-id disconnects and sweeps work the same for
// both), flushes them at the end of a round, and sweeps them for timeouts.
#include <chrono>

#include "clock.hpp"

namespace wick::detail {

class SocketState;

class LoopResident {
 public:
  using Clock = SteadyClock;

  virtual ~LoopResident() = default;
  /// The socket it carries, if any (a connection still in its HTTP phase has none).
  virtual SocketState* socket_state() = 0;
  /// Sends what was queued during the round.
  virtual void flush() = 0;
  virtual void check_timeouts(Clock::time_point now) = 0;
  /// Server shutdown: close with 1001 (channels terminate), or drop.
  virtual void close_for_shutdown() = 0;
};

}  // namespace wick::detail
