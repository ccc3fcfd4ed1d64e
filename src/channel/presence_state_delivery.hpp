#pragma once
// The channel layer's side of the presence tracker's state delivery: a presence_state goes to
// the asking channel's socket, framed for its serializer and join_ref, if that channel is still
// the incarnation that asked.
#include "presence/presence_tracker.hpp"

namespace wick::detail {

class PresenceStateDelivery final : public PresenceTracker::StateDelivery {
 public:
  bool send_state(EventLoop& loop, const PresenceTracker::Owner& owner,
                  const BroadcastMessage* leaves, StatePush& state) override;
};

}  // namespace wick::detail
