#include "pubsub/topic_registry.hpp"

#include <algorithm>

namespace wick::detail {
namespace {

// Removes the first element matching `pred` by swapping the last one into its place; order
// among subscribers carries no meaning.
template <class T, class Pred>
bool swap_remove(std::vector<T>& items, Pred pred) {
  auto it = std::find_if(items.begin(), items.end(), pred);
  if (it == items.end()) return false;
  *it = items.back();
  items.pop_back();
  return true;
}

}  // namespace

void TopicRegistry::subscribe(std::string_view topic, Subscriber subscriber) {
  auto it = topics_.find(topic);
  if (it == topics_.end())
    it = topics_.emplace(std::string(topic), std::vector<Subscriber>{}).first;
  it->second.push_back(subscriber);
  subscriptions_.store(subscriptions_.load(std::memory_order_relaxed) + 1,
                       std::memory_order_relaxed);
}

void TopicRegistry::unsubscribe(std::string_view topic, const Channel* channel) {
  auto it = topics_.find(topic);
  if (it == topics_.end()) return;
  if (swap_remove(it->second, [channel](const Subscriber& s) { return s.channel == channel; })) {
    subscriptions_.store(subscriptions_.load(std::memory_order_relaxed) - 1,
                         std::memory_order_relaxed);
  }
  if (it->second.empty()) topics_.erase(it);
}

const std::vector<Subscriber>* TopicRegistry::find(std::string_view topic) const {
  auto it = topics_.find(topic);
  return it == topics_.end() ? nullptr : &it->second;
}

void TopicRegistry::add_socket_id(std::string_view id, std::uint64_t connection) {
  auto it = socket_ids_.find(id);
  if (it == socket_ids_.end())
    it = socket_ids_.emplace(std::string(id), std::vector<std::uint64_t>{}).first;
  it->second.push_back(connection);
}

void TopicRegistry::remove_socket_id(std::string_view id, std::uint64_t connection) {
  auto it = socket_ids_.find(id);
  if (it == socket_ids_.end()) return;
  swap_remove(it->second, [connection](std::uint64_t c) { return c == connection; });
  if (it->second.empty()) socket_ids_.erase(it);
}

std::vector<std::uint64_t> TopicRegistry::connections_with_id(std::string_view id) const {
  auto it = socket_ids_.find(id);
  return it == socket_ids_.end() ? std::vector<std::uint64_t>{} : it->second;
}

}  // namespace wick::detail
