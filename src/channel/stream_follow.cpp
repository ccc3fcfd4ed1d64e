#include "channel/stream_follow.hpp"

#include "pubsub/broadcast_message.hpp"

namespace wick::detail {

bool StreamFollow::admits(const MessagePtr& message) {
  if (recovering) {
    held.push_back(message);
    return false;
  }
  // Unnumbered (a cluster node cut off from Redis sent it): no place in the stream to check.
  if (covered_through == 0 || !message->positioned()) return true;
  if (message->epoch() == epoch && message->offset() <= covered_through) return false;
  covered_through = 0;  // past the recovery: later broadcasts come in order after this one
  return true;
}

}  // namespace wick::detail
