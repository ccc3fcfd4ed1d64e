#pragma once
// What a join on a topic with history learns from the topic's stream: where the stream stands,
// and, when the join named where its client left off, whether everything it missed is still
// there, and what that is. All or nothing: a client that cannot get every broadcast it missed
// gets none, and reloads.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "protocol/stream_position.hpp"

namespace wick::detail {

class BroadcastMessage;

struct StreamRecovery {
  /// False when the stream could not be read (the cluster's store is out of reach): there is
  /// no position, and nothing is recovered.
  bool answered = true;
  /// The stream's last offset and its epoch.
  StreamPosition position;
  /// Whether `missed` is everything after the join's position (false when it named none).
  bool recovered = false;
  /// In offset order.
  std::vector<std::shared_ptr<const BroadcastMessage>> missed;
};

/// Whether a client at `since` can get every broadcast after it from a stream that stands at
/// `current` and still holds every offset from `first_kept` to current.offset (first_kept 0:
/// it holds none), when at most `cap` may be recovered.
bool recoverable(const StreamPosition& since, const StreamPosition& current,
                 std::uint64_t first_kept, std::size_t cap);

}  // namespace wick::detail
