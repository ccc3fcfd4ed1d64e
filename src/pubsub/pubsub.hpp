#pragma once
// Node-wide broadcast: a message reaches the subscribers of every loop, and the cluster adapter,
// when there is one, carries it to other nodes. The calling loop, if any, delivers at once, so
// that a channel's broadcast precedes its reply, as in Phoenix; the other loops get the round's
// broadcasts together at its end. From other threads, each broadcast is one post per loop.
//
// Pubsub owns the subscriptions: one shard per loop (a TopicRegistry and the round's outgoing
// broadcasts), each touched by its loop alone. A broadcast goes Channel → PubSub → the message's
// frame, encoded once per serializer (protocol, framed by transport) → each subscriber's queue.
//
// The cluster seam is wick::ClusterAdapter: forward() publishes this node's broadcasts,
// interest() follows which topics this node has subscribers to, local_broadcast() (through
// Endpoint::deliver_remote) delivers what another node published, and remote_ready() says
// that the node now receives a topic's traffic, which a join waits for (await_receiving).
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>
#include <wick/cluster.hpp>

#include "pubsub/broadcast_message.hpp"
#include "pubsub/subscriber.hpp"
#include "pubsub/topic_registry.hpp"

namespace wick::detail {

class EventLoop;

class PubSub {
 public:
  /// Broadcasts to the subscribers of `loops` (the endpoint's, which outlive it).
  explicit PubSub(const std::vector<std::shared_ptr<EventLoop>>& loops);
  ~PubSub();

  /// From any thread. `from`: a subscriber id to leave out (broadcast_from), 0 for none.
  /// Throws std::invalid_argument for a payload that is not a JSON object or binary.
  void broadcast(std::string_view topic, std::string_view event, Payload payload,
                 std::uint64_t from = 0);
  /// This node's subscribers only: a broadcast another node forwarded. Throws, as broadcast
  /// does, for a payload that is not a JSON object or binary.
  void local_broadcast(std::string_view topic, std::string_view event, Payload payload);
  /// Set before the endpoint starts.
  void set_adapter(std::shared_ptr<ClusterAdapter> adapter);
  /// Whether there is a cluster adapter.
  bool clustered() const { return has_adapter_.load(std::memory_order_acquire); }

  /// On `loop`, before a join runs: true when this node receives `topic`'s broadcasts from the
  /// other nodes (always without an adapter); the caller then subscribes at once. Otherwise the
  /// node asks for them and `then` runs on `loop` once the adapter calls remote_ready().
  bool await_receiving(EventLoop& loop, std::string_view topic, std::function<void()> then);
  /// The adapter's word that this node receives `topic`'s broadcasts now. From any thread.
  void remote_ready(std::string_view topic);
  /// The node's interest in a topic: held by a loop's first subscriber to it, a join waiting
  /// for its traffic or a join whose answer is deferred, and released by the last of those.
  /// The adapter hears of the first hold and the last release. Any thread; nothing without an
  /// adapter.
  void hold(std::string_view topic);
  void release(std::string_view topic);

  /// On `loop`'s thread.
  void subscribe(EventLoop& loop, std::string_view topic, Subscriber& subscriber, const void* tag);
  void unsubscribe(EventLoop& loop, std::string_view topic, Subscriber& subscriber,
                   const void* tag);
  /// On `loop`'s thread: hands the message to the loop's subscribers of its topic, except the
  /// subscriber ids in `skip` (sorted) and the message's sender.
  void deliver(EventLoop& loop, const std::shared_ptr<const BroadcastMessage>& message,
               std::span<const std::uint64_t> skip = {});
  /// Subscriptions on every loop; from any thread.
  std::size_t subscription_count() const;

 private:
  struct Shard;

  void dispatch(std::shared_ptr<const BroadcastMessage> message);
  void hand_over(EventLoop& from);
  bool is_ours(const EventLoop& loop) const;
  std::shared_ptr<ClusterAdapter> adapter() const;
  struct Interest;
  std::pair<Interest&, bool> interest_in(std::string_view topic, ClusterAdapter& cluster);

  const std::vector<std::shared_ptr<EventLoop>>& loops_;
  std::vector<std::unique_ptr<Shard>> shards_;  // one per loop, by loop index
  mutable std::mutex adapter_mutex_;
  std::shared_ptr<ClusterAdapter> adapter_;
  std::atomic<bool> has_adapter_{false};

  // What this node wants of the cluster, per topic (kept only with an adapter).
  struct Waiter {
    EventLoop* loop;
    std::function<void()> then;
  };
  struct Interest {
    unsigned holders = 0;    // loops with subscribers, and pending joins
    bool receiving = false;  // the adapter said so
    std::vector<Waiter> waiters;
  };
  std::mutex interest_mutex_;
  std::unordered_map<std::string, Interest, StringHash, std::equal_to<>> interests_;
};

}  // namespace wick::detail
