#pragma once
// One loop's share of the subscriptions: topic → the channels of this loop joined to it, and
// socket id → the connections of this loop carrying it. Pure data; delivery lives in PubSub.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace wick {
class Channel;
}

namespace wick::detail {

class SocketState;

struct Subscriber {
  SocketState* socket;
  Channel* channel;
};

class TopicRegistry {
 public:
  void subscribe(std::string_view topic, Subscriber subscriber);
  void unsubscribe(std::string_view topic, const Channel* channel);
  /// The subscribers of `topic`, or nullptr. Must not be modified while iterated.
  const std::vector<Subscriber>* find(std::string_view topic) const;
  std::size_t topic_count() const { return topics_.size(); }
  /// Subscriptions on this loop; readable from any thread (for stats).
  std::size_t subscription_count() const { return subscriptions_.load(std::memory_order_relaxed); }

  void add_socket_id(std::string_view id, std::uint64_t connection);
  void remove_socket_id(std::string_view id, std::uint64_t connection);
  std::vector<std::uint64_t> connections_with_id(std::string_view id) const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::vector<Subscriber>, Hash, std::equal_to<>> topics_;
  std::unordered_map<std::string, std::vector<std::uint64_t>, Hash, std::equal_to<>> socket_ids_;
  std::atomic<std::size_t> subscriptions_{0};  // written by the owning loop only
};

}  // namespace wick::detail
