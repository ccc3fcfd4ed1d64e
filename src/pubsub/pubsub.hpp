#pragma once
// Node-wide broadcast: a message reaches the subscribers of every loop (one post per other
// loop; the calling loop, if any, delivers at once so that a channel's broadcast precedes its
// reply, as in Phoenix), and the cluster adapter, when there is one, carries it to other nodes.
#include <memory>
#include <mutex>
#include <wick/endpoint.hpp>

#include "pubsub/broadcast_message.hpp"

namespace wick::detail {

class EndpointCore;
class EventLoop;

class PubSub {
 public:
  explicit PubSub(EndpointCore& core) : core_(core) {}

  /// From any thread. `from`: a connection to skip (broadcast_from), 0 for none.
  void broadcast(std::string_view topic, std::string_view event, Payload payload,
                 std::uint64_t from = 0);
  /// This node's subscribers only: a broadcast another node forwarded, or a presence_diff
  /// (every node derives its own).
  void local_broadcast(std::string_view topic, std::string_view event, Payload payload);
  void set_adapter(std::shared_ptr<ClusterAdapter> adapter);

 private:
  void dispatch(std::shared_ptr<const BroadcastMessage> message);
  static void deliver(EventLoop& loop, const std::shared_ptr<const BroadcastMessage>& message);

  EndpointCore& core_;
  std::mutex adapter_mutex_;
  std::shared_ptr<ClusterAdapter> adapter_;
};

}  // namespace wick::detail
