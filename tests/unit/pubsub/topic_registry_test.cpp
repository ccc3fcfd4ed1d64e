// One loop's subscriptions: by topic, named by subscriber and tag, first and last told apart.
#include "pubsub/topic_registry.hpp"

#include <gtest/gtest.h>

namespace wick::detail {
namespace {

TEST(TopicRegistry, SubscribesAndUnsubscribes) {
  TopicRegistry registry;
  auto* socket = reinterpret_cast<Subscriber*>(0x10);
  int a = 0;
  int b = 0;
  EXPECT_TRUE(registry.subscribe("room:1", {socket, &a}));
  EXPECT_FALSE(registry.subscribe("room:1", {socket, &b}));
  EXPECT_EQ(registry.find("room:1").size(), 2u);
  EXPECT_EQ(registry.subscription_count(), 2u);
  EXPECT_FALSE(registry.unsubscribe("room:1", {socket, &a}));
  ASSERT_EQ(registry.find("room:1").size(), 1u);
  EXPECT_EQ(registry.find("room:1").front().tag, &b);
  EXPECT_TRUE(registry.unsubscribe("room:1", {socket, &b}));
  EXPECT_TRUE(registry.find("room:1").empty());
  EXPECT_EQ(registry.topic_count(), 0u);
  EXPECT_EQ(registry.subscription_count(), 0u);
}

TEST(TopicRegistry, ASubscriptionIsItsSubscriberAndTag) {
  TopicRegistry registry;
  auto* one = reinterpret_cast<Subscriber*>(0x10);
  auto* other = reinterpret_cast<Subscriber*>(0x20);
  registry.subscribe("user_socket:1", {one, nullptr});
  registry.subscribe("user_socket:1", {other, nullptr});
  EXPECT_FALSE(registry.unsubscribe("user_socket:1", {one, &registry}));  // not subscribed so
  EXPECT_FALSE(registry.unsubscribe("user_socket:1", {one, nullptr}));
  ASSERT_EQ(registry.find("user_socket:1").size(), 1u);
  EXPECT_EQ(registry.find("user_socket:1").front().subscriber, other);
  EXPECT_FALSE(registry.unsubscribe("nothing", {one, nullptr}));
}

}  // namespace
}  // namespace wick::detail
