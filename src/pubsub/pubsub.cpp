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

PubSub::PubSub(const std::vector<std::shared_ptr<EventLoop>>& loops) : loops_(loops) {
  for (std::size_t i = 0; i < loops.size(); ++i) shards_.push_back(std::make_unique<Shard>());
}

PubSub::~PubSub() = default;

void PubSub::broadcast(std::string_view topic, std::string_view event, Payload payload,
                       std::uint64_t from) {
  require_message_payload(payload, from ? "broadcast_from" : "broadcast");
  std::shared_ptr<ClusterAdapter> adapter;
  {
    std::lock_guard lock(adapter_mutex_);
    adapter = adapter_;
  }
  if (adapter) adapter->forward(topic, event, payload);
  dispatch(std::make_shared<const BroadcastMessage>(std::string(topic), std::string(event),
                                                    std::move(payload), from));
}

void PubSub::local_broadcast(std::string_view topic, std::string_view event, Payload payload) {
  require_message_payload(payload, "local broadcast");
  dispatch(std::make_shared<const BroadcastMessage>(std::string(topic), std::string(event),
                                                    std::move(payload), 0));
}

void PubSub::set_adapter(std::shared_ptr<ClusterAdapter> adapter) {
  std::lock_guard lock(adapter_mutex_);
  adapter_ = std::move(adapter);
  has_adapter_.store(adapter_ != nullptr, std::memory_order_release);
}

void PubSub::subscribe(EventLoop& loop, std::string_view topic, Subscriber& subscriber,
                       const void* tag) {
  bool first = shards_[loop.index()]->topics.subscribe(topic, {&subscriber, tag});
  if (first) interest_changed(topic, true);
}

void PubSub::unsubscribe(EventLoop& loop, std::string_view topic, Subscriber& subscriber,
                         const void* tag) {
  bool last = shards_[loop.index()]->topics.unsubscribe(topic, {&subscriber, tag});
  if (last) interest_changed(topic, false);
}

// A loop's first subscriber to a topic, or its last one gone: the node's interest changes when
// that is the first loop, or the last. Under its own lock, so that a topic's calls keep their
// order; a node without an adapter takes no lock here.
void PubSub::interest_changed(std::string_view topic, bool subscribed) {
  if (!has_adapter_.load(std::memory_order_acquire)) return;
  std::shared_ptr<ClusterAdapter> adapter;
  {
    std::lock_guard lock(adapter_mutex_);
    adapter = adapter_;
  }
  std::lock_guard lock(interest_mutex_);
  auto it = loops_subscribed_.find(topic);
  if (subscribed) {
    if (it != loops_subscribed_.end()) return void(++it->second);
    loops_subscribed_.emplace(std::string(topic), 1);
  } else {
    if (it == loops_subscribed_.end() || --it->second > 0) return;
    loops_subscribed_.erase(it);
  }
  try {
    adapter->interest(topic, subscribed);
  } catch (const std::exception& e) {
    log::error(std::string("cluster adapter: interest() threw: ") + e.what());
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

void PubSub::dispatch(MessagePtr message) {
  EventLoop* here = EventLoop::current();
  if (here && !is_ours(*here)) here = nullptr;  // a loop of another endpoint in the process
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
  const std::vector<Subscription>* subscriptions =
      shards_[loop.index()]->topics.find(message->topic());
  if (!subscriptions) return;
  std::uint64_t from = message->from();
  for (const Subscription& subscription : *subscriptions) {
    bool excluded = false;
    if (from || !skip.empty()) {
      std::uint64_t id = subscription.subscriber->subscriber_id();
      excluded = id == from || std::binary_search(skip.begin(), skip.end(), id);
    }
    subscription.subscriber->receive(message, subscription.tag, excluded);
  }
}

}  // namespace wick::detail
