#pragma once
// One topic's subscriptions on one loop. Most topics have a single subscriber per loop (a
// user's socket id; a room that one of the loop's sockets joined), so the first subscription
// is held inline, in the registry's own node; from the second on they move to the heap, and
// back inline when one is left. As small as a std::vector (24 bytes), without its allocation
// for the common case.
#include <cstdint>
#include <span>

namespace wick::detail {

class Subscriber;

struct Subscription {
  Subscriber* subscriber;
  const void* tag;  // the subscriber's name for it
  bool operator==(const Subscription&) const = default;
};

class SubscriptionList {
 public:
  SubscriptionList() = default;
  SubscriptionList(SubscriptionList&& other) noexcept;
  SubscriptionList& operator=(SubscriptionList&& other) noexcept;
  SubscriptionList(const SubscriptionList&) = delete;
  SubscriptionList& operator=(const SubscriptionList&) = delete;
  ~SubscriptionList();

  /// The subscriptions; invalidated by add and remove.
  std::span<const Subscription> view() const { return {on_heap() ? many_ : &one_, size_}; }
  void add(Subscription subscription);
  /// Swaps the last one into its place (order carries no meaning). False when not there.
  bool remove(Subscription subscription);
  bool empty() const { return size_ == 0; }
  std::uint32_t size() const { return size_; }

 private:
  bool on_heap() const { return capacity_ > 1; }
  void release();
  void take(SubscriptionList& other);

  union {
    Subscription one_{};
    Subscription* many_;
  };
  std::uint32_t size_ = 0;
  std::uint32_t capacity_ = 1;  // 1: inline
};

}  // namespace wick::detail
