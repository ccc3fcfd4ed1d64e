#pragma once
// One loop's share of the subscriptions: topic → the subscriptions of this loop's subscribers.
// Pure data, touched by its loop only; delivery lives in PubSub.
#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "pubsub/subscription_list.hpp"

namespace wick::detail {

/// Lets a map keyed by std::string be searched with a string_view, without a copy.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class TopicRegistry {
 public:
  /// True when `topic` had no subscription here before.
  bool subscribe(std::string_view topic, Subscription subscription);
  /// True when that was the topic's last subscription here.
  bool unsubscribe(std::string_view topic, Subscription subscription);
  /// The subscriptions to `topic` (none when nobody here subscribes). Must not be modified
  /// while iterated.
  std::span<const Subscription> find(std::string_view topic) const;
  std::size_t topic_count() const { return topics_.size(); }
  /// Subscriptions on this loop; readable from any thread (for stats).
  std::size_t subscription_count() const { return subscriptions_.load(std::memory_order_relaxed); }

 private:
  std::unordered_map<std::string, SubscriptionList, StringHash, std::equal_to<>> topics_;
  std::atomic<std::size_t> subscriptions_{0};  // written by the owning loop only
};

}  // namespace wick::detail
