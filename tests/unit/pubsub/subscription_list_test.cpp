// One topic's subscriptions: the first inline, more on the heap, back inline when one is left.
#include "pubsub/subscription_list.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <utility>
#include <vector>

namespace wick::detail {
namespace {

Subscription numbered(std::uintptr_t n) {
  return {reinterpret_cast<Subscriber*>(n * 16), reinterpret_cast<const void*>(n)};
}

std::vector<std::uintptr_t> numbers(const SubscriptionList& list) {
  std::vector<std::uintptr_t> out;
  for (const Subscription& s : list.view()) out.push_back(reinterpret_cast<std::uintptr_t>(s.tag));
  std::sort(out.begin(), out.end());
  return out;
}

TEST(SubscriptionList, IsNoLargerThanAVector) {
  EXPECT_LE(sizeof(SubscriptionList), sizeof(std::vector<Subscription>));
}

TEST(SubscriptionList, GrowsOntoTheHeapAndComesBackInline) {
  SubscriptionList list;
  EXPECT_TRUE(list.empty());
  list.add(numbered(1));
  EXPECT_EQ(numbers(list), (std::vector<std::uintptr_t>{1}));
  for (std::uintptr_t n = 2; n <= 9; ++n) list.add(numbered(n));  // past two growths
  EXPECT_EQ(list.size(), 9u);
  EXPECT_EQ(numbers(list), (std::vector<std::uintptr_t>{1, 2, 3, 4, 5, 6, 7, 8, 9}));
  for (std::uintptr_t n = 1; n <= 8; ++n) ASSERT_TRUE(list.remove(numbered(n)));
  EXPECT_EQ(numbers(list), (std::vector<std::uintptr_t>{9}));
  EXPECT_FALSE(list.remove(numbered(3)));
  list.add(numbered(10));
  EXPECT_EQ(numbers(list), (std::vector<std::uintptr_t>{9, 10}));
  ASSERT_TRUE(list.remove(numbered(9)));
  ASSERT_TRUE(list.remove(numbered(10)));
  EXPECT_TRUE(list.empty());
  EXPECT_TRUE(list.view().empty());
}

TEST(SubscriptionList, ASubscriptionIsItsSubscriberAndTag) {
  SubscriptionList list;
  list.add(numbered(1));
  EXPECT_FALSE(list.remove({numbered(1).subscriber, nullptr}));
  EXPECT_FALSE(list.remove({nullptr, numbered(1).tag}));
  EXPECT_TRUE(list.remove(numbered(1)));
}

TEST(SubscriptionList, MovesTakeTheHeapOrTheInlineOne) {
  SubscriptionList inline_one;
  inline_one.add(numbered(1));
  SubscriptionList moved(std::move(inline_one));
  EXPECT_EQ(numbers(moved), (std::vector<std::uintptr_t>{1}));
  EXPECT_TRUE(inline_one.empty());  // NOLINT: moved-from is empty, as documented by the test

  SubscriptionList many;
  for (std::uintptr_t n = 1; n <= 5; ++n) many.add(numbered(n));
  moved = std::move(many);
  EXPECT_EQ(numbers(moved), (std::vector<std::uintptr_t>{1, 2, 3, 4, 5}));
  EXPECT_TRUE(many.empty());  // NOLINT
  many.add(numbered(7));      // a moved-from list is usable
  EXPECT_EQ(numbers(many), (std::vector<std::uintptr_t>{7}));
}

}  // namespace
}  // namespace wick::detail
