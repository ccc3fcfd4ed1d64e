#pragma once
// What pubsub delivers to: a subscriber (the channel layer's socket) subscribes to topics, each
// subscription named by a tag of its own choosing (its channel, say). Pubsub knows no more of
// it than this.
#include <cstdint>
#include <memory>

namespace wick::detail {

class BroadcastMessage;

class Subscriber {
 public:
  /// A broadcast on a topic subscribed to with `tag`, on the subscriber's loop, while pubsub
  /// walks the topic's subscribers: queue the message's shared frame, or schedule work for
  /// after the walk (an intercepted event's handle_out). No application code runs here, and
  /// no subscription changes. `excluded`: the message leaves this subscriber's id out (it came
  /// from it, by broadcast_from, or the caller's skip list names it); what that means for a
  /// subscription is the subscriber's to say (a channel is left out; in Phoenix the socket
  /// itself, subscribed to its id, is not).
  virtual void receive(const std::shared_ptr<const BroadcastMessage>& message, const void* tag,
                       bool excluded) = 0;
  /// The id a broadcast_from or a skip list names this subscriber by (its connection's).
  virtual std::uint64_t subscriber_id() const = 0;

 protected:
  ~Subscriber() = default;
};

}  // namespace wick::detail
