#include "pubsub/topic_registry.hpp"

#include <algorithm>

namespace wick::detail {

bool TopicRegistry::subscribe(std::string_view topic, Subscription subscription) {
  auto it = topics_.find(topic);
  bool first = it == topics_.end();
  if (first) it = topics_.try_emplace(std::string(topic)).first;
  it->second.add(subscription);
  subscriptions_.store(subscriptions_.load(std::memory_order_relaxed) + 1,
                       std::memory_order_relaxed);
  return first;
}

bool TopicRegistry::unsubscribe(std::string_view topic, Subscription subscription) {
  auto it = topics_.find(topic);
  if (it == topics_.end() || !it->second.remove(subscription)) return false;
  subscriptions_.store(subscriptions_.load(std::memory_order_relaxed) - 1,
                       std::memory_order_relaxed);
  if (!it->second.empty()) return false;
  topics_.erase(it);
  return true;
}

std::span<const Subscription> TopicRegistry::find(std::string_view topic) const {
  auto it = topics_.find(topic);
  if (it == topics_.end()) return {};
  return it->second.view();
}

}  // namespace wick::detail
