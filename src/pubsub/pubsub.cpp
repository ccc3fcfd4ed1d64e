#include "pubsub/pubsub.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>

#include "log.hpp"
#include "net/event_loop.hpp"
#include "protocol/message_payload.hpp"

namespace wick::detail {

using MessagePtr = std::shared_ptr<const BroadcastMessage>;

// One loop's part: its subscriptions, and the broadcasts made on it this round that the other
// loops have yet to get. Only that loop touches it.
struct PubSub::Shard {
  TopicRegistry topics;
  std::vector<MessagePtr> outgoing;
};

PubSub::PubSub(const std::vector<std::shared_ptr<EventLoop>>& loops)
    : loops_(loops), memory_streams_(loops.size()) {
  for (std::size_t i = 0; i < loops.size(); ++i) shards_.push_back(std::make_unique<Shard>());
}

PubSub::~PubSub() = default;

std::shared_ptr<ClusterAdapter> PubSub::adapter() const {
  std::lock_guard lock(adapter_mutex_);
  return adapter_;
}

void PubSub::broadcast(std::string_view topic, std::string_view event, Payload payload,
                       std::uint64_t from) {
  require_message_payload(payload, from ? "broadcast_from" : "broadcast");
  const History* history = history_of(topic);
  if (history) {
    require_stream_payload(payload, topic);
    if (shared_streams_) return shared_streams_->append(*history, topic, event, payload, from);
  }
  if (clustered()) {
    if (std::shared_ptr<ClusterAdapter> cluster = adapter())
      cluster->forward(topic, event, payload);
  }
  if (history) return append_in_memory(*history, topic, event, std::move(payload), from);
  dispatch(std::make_shared<const BroadcastMessage>(std::string(topic), std::string(event),
                                                    std::move(payload), from));
}

void PubSub::local_broadcast(std::string_view topic, std::string_view event, Payload payload) {
  require_message_payload(payload, "local broadcast");
  if (!shared_streams_) {
    if (const History* history = history_of(topic)) {
      require_stream_payload(payload, topic);
      return append_in_memory(*history, topic, event, std::move(payload), 0);
    }
  }
  dispatch(std::make_shared<const BroadcastMessage>(std::string(topic), std::string(event),
                                                    std::move(payload), 0));
}

void PubSub::deliver_from_stream(std::string_view topic, std::string_view event, Payload payload,
                                 std::uint64_t from, std::uint64_t offset,
                                 std::shared_ptr<const std::string> epoch) {
  require_message_payload(payload, "stream delivery");
  dispatch(std::make_shared<const BroadcastMessage>(
      std::string(topic), std::string(event), std::move(payload), from, offset, std::move(epoch)));
}

void PubSub::add_routes(HistoryRoutes routes) { history_routes_.push_back(std::move(routes)); }

const History* PubSub::history_of(std::string_view topic) const {
  for (const HistoryRoutes& routes : history_routes_) {
    if (std::optional<const History*> history = routes(topic)) return *history;
  }
  return nullptr;
}

// Numbered under the stream's lock, and queued there for each loop: each loop gets the topic's
// broadcasts in offset order, whatever order the posts that carry them run in. A broadcast made
// on a loop with none of the topic's broadcasts queued for it is delivered at once, before the
// channel's reply, as any broadcast is; otherwise it queues behind them.
void PubSub::append_in_memory(const History& history, std::string_view topic,
                              std::string_view event, Payload payload, std::uint64_t from) {
  SteadyClock::time_point now = SteadyClock::now();
  std::shared_ptr<TopicStream> stream = memory_streams_.stream(topic, history, now);
  EventLoop* here = current_loop();
  std::lock_guard lock(stream->mutex);
  MessagePtr message =
      stream->append(std::string(topic), std::string(event), std::move(payload), from, now);
  for (const auto& loop : loops_) {
    std::vector<MessagePtr>& queued = stream->queued(loop->index());
    if (loop.get() == here && queued.empty()) {
      deliver(*here, message);
      continue;
    }
    queued.push_back(message);
    if (queued.size() > 1) continue;  // the delivery posted for the first takes this one too
    boost::asio::post(loop->io(), [this, loop = loop.get(), stream] {
      std::vector<MessagePtr> batch;
      {
        std::lock_guard taken(stream->mutex);
        batch.swap(stream->queued(loop->index()));
      }
      for (const MessagePtr& queued_message : batch) deliver(*loop, queued_message);
    });
  }
}

std::optional<StreamRecovery> PubSub::recover(EventLoop& loop, const History& history,
                                              std::string_view topic,
                                              const std::optional<StreamPosition>& since,
                                              std::function<void(StreamRecovery)> done) {
  if (shared_streams_) {
    shared_streams_->recover(loop, history, topic, since, std::move(done));
    return std::nullopt;
  }
  SteadyClock::time_point now = SteadyClock::now();
  std::shared_ptr<TopicStream> stream = memory_streams_.stream(topic, history, now);
  std::lock_guard lock(stream->mutex);
  return stream->recover(since, now);
}

void PubSub::set_adapter(std::shared_ptr<ClusterAdapter> adapter) {
  std::lock_guard lock(adapter_mutex_);
  adapter_ = std::move(adapter);
  has_adapter_.store(adapter_ != nullptr, std::memory_order_release);
}

void PubSub::subscribe(EventLoop& loop, std::string_view topic, Subscriber& subscriber,
                       const void* tag) {
  bool first = shards_[loop.index()]->topics.subscribe(topic, {&subscriber, tag});
  if (first) hold(topic);
}

void PubSub::unsubscribe(EventLoop& loop, std::string_view topic, Subscriber& subscriber,
                         const void* tag) {
  bool last = shards_[loop.index()]->topics.unsubscribe(topic, {&subscriber, tag});
  if (last) release(topic);
}

namespace {

bool tell_interest(ClusterAdapter& adapter, std::string_view topic, bool subscribed) {
  try {
    return adapter.interest(topic, subscribed);
  } catch (const std::exception& e) {
    log::error(std::string("cluster adapter: interest() threw: ") + e.what());
    return true;  // nothing to wait for from an adapter that failed
  }
}

}  // namespace

// The node's interest in a topic begins with its first holder and ends with its last. Under
// its own lock, so that a topic's calls to the adapter keep their order; a node without an
// adapter takes no lock here.
void PubSub::hold(std::string_view topic) {
  if (!clustered()) return;
  std::shared_ptr<ClusterAdapter> cluster = adapter();
  std::lock_guard lock(interest_mutex_);
  ++interest_in(topic, *cluster).first.holders;
}

// Under interest_mutex_: the topic's entry, and whether it is new (the adapter was just told).
std::pair<PubSub::Interest&, bool> PubSub::interest_in(std::string_view topic,
                                                       ClusterAdapter& cluster) {
  auto it = interests_.find(topic);
  if (it != interests_.end()) return {it->second, false};
  Interest& interest = interests_.emplace(std::string(topic), Interest{}).first->second;
  interest.receiving = tell_interest(cluster, topic, true);
  return {interest, true};
}

void PubSub::release(std::string_view topic) {
  if (!clustered()) return;
  std::shared_ptr<ClusterAdapter> cluster = adapter();
  std::lock_guard lock(interest_mutex_);
  auto it = interests_.find(topic);
  if (it == interests_.end() || --it->second.holders > 0) return;
  interests_.erase(it);
  tell_interest(*cluster, topic, false);
}

// A topic the node had no interest in, whose traffic the adapter delivers at once, is held
// until the end of the current callback, by when the join has subscribed (or was refused).
bool PubSub::await_receiving(EventLoop& loop, std::string_view topic, std::function<void()> then) {
  if (!clustered()) return true;
  std::shared_ptr<ClusterAdapter> cluster = adapter();
  std::lock_guard lock(interest_mutex_);
  auto [interest, added] = interest_in(topic, *cluster);
  if (added && interest.receiving) {
    ++interest.holders;
    boost::asio::post(loop.io(), [this, topic = std::string(topic)] { release(topic); });
    return true;
  }
  if (interest.receiving) return true;
  ++interest.holders;
  interest.waiters.push_back({&loop, std::move(then)});
  return false;
}

// Each waiting join continues on its loop, and only then lets go of its hold: by that time it
// has subscribed, unless its client left meanwhile.
void PubSub::remote_ready(std::string_view topic) {
  std::vector<Waiter> waiters;
  {
    std::lock_guard lock(interest_mutex_);
    auto it = interests_.find(topic);
    if (it == interests_.end()) return;
    it->second.receiving = true;
    waiters.swap(it->second.waiters);
  }
  for (Waiter& waiter : waiters) {
    boost::asio::post(waiter.loop->io(),
                      [this, topic = std::string(topic), then = std::move(waiter.then)] {
                        then();
                        release(topic);
                      });
  }
}

std::size_t PubSub::subscription_count() const {
  std::size_t count = 0;
  for (const auto& shard : shards_) count += shard->topics.subscription_count();
  return count;
}

bool PubSub::is_ours(const EventLoop& loop) const {
  return loop.index() < loops_.size() && loops_[loop.index()].get() == &loop;
}

// The loop this thread runs, when it is one of ours (not a loop of another endpoint in the
// process).
EventLoop* PubSub::current_loop() const {
  EventLoop* here = EventLoop::current();
  return here && is_ours(*here) ? here : nullptr;
}

void PubSub::dispatch(MessagePtr message) {
  EventLoop* here = current_loop();
  if (!here) {
    for (const auto& loop : loops_) {
      boost::asio::post(loop->io(),
                        [this, loop = loop.get(), message] { deliver(*loop, message); });
    }
    return;
  }
  // Posted before this loop's flush (which its own delivery schedules), so the other loops
  // start writing while this one writes too.
  if (loops_.size() > 1) {
    std::vector<MessagePtr>& outgoing = shards_[here->index()]->outgoing;
    if (outgoing.empty()) boost::asio::post(here->io(), [this, here] { hand_over(*here); });
    outgoing.push_back(message);
  }
  deliver(*here, message);
}

// A round's broadcasts travel to each other loop in one post: a burst of broadcasts then costs
// one wake-up per loop, and each subscriber gets all of them in one write.
void PubSub::hand_over(EventLoop& from) {
  std::vector<MessagePtr>& outgoing = shards_[from.index()]->outgoing;
  auto batch = std::make_shared<const std::vector<MessagePtr>>(std::move(outgoing));
  outgoing.clear();
  for (const auto& loop : loops_) {
    if (loop.get() == &from) continue;
    boost::asio::post(loop->io(), [this, loop = loop.get(), batch] {
      for (const auto& message : *batch) deliver(*loop, message);
    });
  }
}

// Each subscriber queues the shared frame, or (an intercepted event) schedules its handle_out:
// no application code runs while the list is being walked.
void PubSub::deliver(EventLoop& loop, const MessagePtr& message,
                     std::span<const std::uint64_t> skip) {
  std::span<const Subscription> subscriptions =
      shards_[loop.index()]->topics.find(message->topic());
  std::uint64_t from = message->from();
  for (const Subscription& subscription : subscriptions) {
    bool excluded = false;
    if (from || !skip.empty()) {
      std::uint64_t id = subscription.subscriber->subscriber_id();
      excluded = id == from || std::binary_search(skip.begin(), skip.end(), id);
    }
    subscription.subscriber->receive(message, subscription.tag, excluded);
  }
}

}  // namespace wick::detail
