#include "pubsub/topic_registry.hpp"

#include <gtest/gtest.h>

namespace wick::detail {
namespace {

TEST(TopicRegistry, SubscribesAndUnsubscribes) {
  TopicRegistry registry;
  auto* a = reinterpret_cast<Channel*>(0x10);
  auto* b = reinterpret_cast<Channel*>(0x20);
  registry.subscribe("room:1", {nullptr, a});
  registry.subscribe("room:1", {nullptr, b});
  ASSERT_NE(registry.find("room:1"), nullptr);
  EXPECT_EQ(registry.find("room:1")->size(), 2u);
  registry.unsubscribe("room:1", a);
  EXPECT_EQ(registry.find("room:1")->front().channel, b);
  registry.unsubscribe("room:1", b);
  EXPECT_EQ(registry.find("room:1"), nullptr);
  EXPECT_EQ(registry.topic_count(), 0u);
}

TEST(TopicRegistry, TracksSocketIds) {
  TopicRegistry registry;
  registry.add_socket_id("user_socket:1", 7);
  registry.add_socket_id("user_socket:1", 8);
  EXPECT_EQ(registry.connections_with_id("user_socket:1").size(), 2u);
  registry.remove_socket_id("user_socket:1", 7);
  EXPECT_EQ(registry.connections_with_id("user_socket:1"), std::vector<std::uint64_t>{8});
  EXPECT_TRUE(registry.connections_with_id("other").empty());
}

}  // namespace
}  // namespace wick::detail
