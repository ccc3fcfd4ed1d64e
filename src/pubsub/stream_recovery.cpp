#include "pubsub/stream_recovery.hpp"

namespace wick::detail {

bool recoverable(const StreamPosition& since, const StreamPosition& current,
                 std::uint64_t first_kept, std::size_t cap) {
  if (since.epoch != current.epoch || since.offset > current.offset) return false;
  if (since.offset == current.offset) return true;  // nothing missed
  if (current.offset - since.offset > cap) return false;
  return first_kept != 0 && first_kept <= since.offset + 1;
}

}  // namespace wick::detail
