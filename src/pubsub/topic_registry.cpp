#include "pubsub/topic_registry.hpp"

#include <algorithm>

namespace wick::detail {

bool TopicRegistry::subscribe(std::string_view topic, Subscription subscription) {
  auto it = topics_.find(topic);
  bool first = it == topics_.end();
  if (first) it = topics_.emplace(std::string(topic), std::vector<Subscription>{}).first;
  it->second.push_back(subscription);
  subscriptions_.store(subscriptions_.load(std::memory_order_relaxed) + 1,
                       std::memory_order_relaxed);
  return first;
}

// Swaps the last subscription into the place of the one removed: order among subscribers
// carries no meaning.
bool TopicRegistry::unsubscribe(std::string_view topic, Subscription subscription) {
  auto it = topics_.find(topic);
  if (it == topics_.end()) return false;
  std::vector<Subscription>& subscriptions = it->second;
  auto found = std::find_if(subscriptions.begin(), subscriptions.end(), [&](const Subscription& s) {
    return s.subscriber == subscription.subscriber && s.tag == subscription.tag;
  });
  if (found == subscriptions.end()) return false;
  *found = subscriptions.back();
  subscriptions.pop_back();
  subscriptions_.store(subscriptions_.load(std::memory_order_relaxed) - 1,
                       std::memory_order_relaxed);
  if (!subscriptions.empty()) return false;
  topics_.erase(it);
  return true;
}

const std::vector<Subscription>* TopicRegistry::find(std::string_view topic) const {
  auto it = topics_.find(topic);
  return it == topics_.end() ? nullptr : &it->second;
}

}  // namespace wick::detail
