#pragma once
// Node-wide broadcast: a message reaches the subscribers of every loop, and the cluster adapter,
// when there is one, carries it to other nodes. The calling loop, if any, delivers at once, so
// that a channel's broadcast precedes its reply, as in Phoenix; the other loops get the round's
// broadcasts together at its end. From other threads, each broadcast is one post per loop.
#include <memory>
#include <mutex>
#include <span>
#include <wick/cluster.hpp>

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
  /// This node's subscribers only: a broadcast another node forwarded. Throws, as broadcast
  /// does, for a payload that is not a JSON object or binary.
  void local_broadcast(std::string_view topic, std::string_view event, Payload payload);
  void set_adapter(std::shared_ptr<ClusterAdapter> adapter);
  /// On `loop`'s thread: hands the message to the loop's subscribers of its topic, except the
  /// connections in `skip` (sorted) and the message's sender.
  static void deliver(EventLoop& loop, const std::shared_ptr<const BroadcastMessage>& message,
                      std::span<const std::uint64_t> skip = {});

 private:
  void dispatch(std::shared_ptr<const BroadcastMessage> message);
  static void hand_over(EndpointCore& core, EventLoop& from);

  EndpointCore& core_;
  std::mutex adapter_mutex_;
  std::shared_ptr<ClusterAdapter> adapter_;
};

}  // namespace wick::detail
