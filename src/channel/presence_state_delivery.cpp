#include "channel/presence_state_delivery.hpp"

#include "channel/socket_lookup.hpp"
#include "channel/socket_state.hpp"
#include "presence/state_push.hpp"
#include "pubsub/broadcast_message.hpp"

namespace wick::detail {

bool PresenceStateDelivery::send_state(EventLoop& loop, const PresenceTracker::Owner& owner,
                                       const BroadcastMessage* leaves, StatePush& state) {
  SocketState* socket = find_socket(loop, owner.connection);
  if (!socket || !socket->is_joined(owner.topic, owner.join_ref)) return false;
  if (leaves) {
    const SharedFrame& frame = leaves->frame(socket->serializer().version());
    if (frame) socket->session().send(frame);
  }
  socket->session().send(state.frame(socket->serializer(), owner.join_ref));
  return true;
}

}  // namespace wick::detail
