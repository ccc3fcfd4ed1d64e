#include "pubsub/subscription_list.hpp"

#include <algorithm>

namespace wick::detail {

SubscriptionList::SubscriptionList(SubscriptionList&& other) noexcept { take(other); }

SubscriptionList& SubscriptionList::operator=(SubscriptionList&& other) noexcept {
  if (this == &other) return *this;
  release();
  take(other);
  return *this;
}

// Takes what `other` holds (its heap block, or its inline one) and leaves it empty.
void SubscriptionList::take(SubscriptionList& other) {
  size_ = other.size_;
  capacity_ = other.capacity_;
  if (other.on_heap()) {
    many_ = other.many_;
  } else {
    one_ = other.one_;
  }
  other.size_ = 0;
  other.capacity_ = 1;
  other.one_ = {};
}

SubscriptionList::~SubscriptionList() { release(); }

void SubscriptionList::release() {
  if (on_heap()) delete[] many_;
  capacity_ = 1;
  size_ = 0;
  one_ = {};
}

void SubscriptionList::add(Subscription subscription) {
  if (size_ == 0 && !on_heap()) {
    one_ = subscription;
    size_ = 1;
    return;
  }
  if (size_ == capacity_) {
    std::uint32_t capacity = on_heap() ? capacity_ * 2 : 4;
    auto* grown = new Subscription[capacity];
    std::span<const Subscription> old = view();
    std::copy(old.begin(), old.end(), grown);
    if (on_heap()) delete[] many_;
    many_ = grown;
    capacity_ = capacity;
  }
  many_[size_++] = subscription;
}

bool SubscriptionList::remove(Subscription subscription) {
  Subscription* first = on_heap() ? many_ : &one_;
  Subscription* found = std::find(first, first + size_, subscription);
  if (found == first + size_) return false;
  *found = first[--size_];
  if (on_heap() && size_ <= 1) {
    Subscription last = size_ == 1 ? many_[0] : Subscription{};
    delete[] many_;
    capacity_ = 1;
    one_ = last;
  }
  return true;
}

}  // namespace wick::detail
