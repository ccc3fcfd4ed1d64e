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
//
// A topic whose route keeps history (wick/history.hpp) has a stream: each broadcast on it is
// numbered and kept, in this node's memory (memory_streams.hpp) or in a store all nodes share
// (shared_streams.hpp), and every loop delivers a topic's broadcasts in offset order. A join
// reads the stream through recover().
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>
#include <wick/cluster.hpp>
#include <wick/history.hpp>

#include "pubsub/broadcast_message.hpp"
#include "pubsub/memory_streams.hpp"
#include "pubsub/shared_streams.hpp"
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
  /// Throws std::invalid_argument for a payload that is not a JSON object or binary, or, on a
  /// topic with history, for one that cannot carry its position (require_stream_payload).
  void broadcast(std::string_view topic, std::string_view event, Payload payload,
                 std::uint64_t from = 0);
  /// This node's subscribers only: a broadcast another node forwarded through an adapter. On
  /// a topic with history it joins this node's memory stream, unless the streams are shared.
  /// Throws, as broadcast does, for a payload it cannot carry.
  void local_broadcast(std::string_view topic, std::string_view event, Payload payload);
  /// This node's subscribers only: a broadcast the shared streams numbered, in offset order
  /// for its topic (on one thread), or one they could not take (offset 0, no epoch). `from` is
  /// left out, as for broadcast_from.
  void deliver_from_stream(std::string_view topic, std::string_view event, Payload payload,
                           std::uint64_t from, std::uint64_t offset,
                           std::shared_ptr<const std::string> epoch);
  /// Set before the endpoint starts.
  void set_adapter(std::shared_ptr<ClusterAdapter> adapter);
  /// What a mount's routes say of a topic's history: nothing when none of them matches it, a
  /// null History when the one that matches keeps none.
  using HistoryRoutes = std::function<std::optional<const History*>(std::string_view topic)>;
  /// A mount's routes, in mount order. Before the endpoint starts.
  void add_routes(HistoryRoutes routes);
  /// The streams all nodes share; none (the default) keeps them in memory. Before the endpoint
  /// starts; `streams` outlives this.
  void set_shared_streams(SharedStreams* streams) { shared_streams_ = streams; }
  /// The history of `topic`'s route: that of the first route matching it, mounts in order;
  /// nullptr when that route keeps none, or none matches.
  const History* history_of(std::string_view topic) const;
  /// On `loop`: what a join of `topic` from `since` (none: a fresh join) finds in its stream.
  /// A memory stream answers at once (and `done` is not called); shared streams answer
  /// through `done`, later, on `loop`.
  std::optional<StreamRecovery> recover(EventLoop& loop, const History& history,
                                        std::string_view topic,
                                        const std::optional<StreamPosition>& since,
                                        std::function<void(StreamRecovery)> done);
  /// Topics with a stream in this node's memory.
  std::size_t memory_stream_count() const { return memory_streams_.size(); }
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
  void append_in_memory(const History& history, std::string_view topic, std::string_view event,
                        Payload payload, std::uint64_t from);
  EventLoop* current_loop() const;
  void hand_over(EventLoop& from);
  bool is_ours(const EventLoop& loop) const;
  std::shared_ptr<ClusterAdapter> adapter() const;
  struct Interest;
  std::pair<Interest&, bool> interest_in(std::string_view topic, ClusterAdapter& cluster);

  const std::vector<std::shared_ptr<EventLoop>>& loops_;
  std::vector<std::unique_ptr<Shard>> shards_;  // one per loop, by loop index
  std::vector<HistoryRoutes> history_routes_;
  MemoryStreams memory_streams_;
  SharedStreams* shared_streams_ = nullptr;
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
