#include <gtest/gtest.h>

#include <wick/channel.hpp>
#include <wick/topic_router.hpp>

namespace wick {
namespace {

TEST(TopicRouter, FirstMatchWinsAsInPhoenix) {
  // Phoenix's socket_test: "food*" declared before "foo*".
  TopicRouter router;
  int made = 0;
  router.add("food*", [&made] {
    made = 1;
    return nullptr;
  });
  router.add("foo*", [&made] {
    made = 2;
    return nullptr;
  });
  router.add("system", [&made] {
    made = 3;
    return nullptr;
  });
  router.match("food:1")->factory();
  EXPECT_EQ(made, 1);
  router.match("foo:1")->factory();
  EXPECT_EQ(made, 2);
  router.match("system")->factory();
  EXPECT_EQ(made, 3);
  EXPECT_EQ(router.match("system:1"), nullptr);
  EXPECT_EQ(router.match("unknown"), nullptr);
}

TEST(TopicRouter, RefusesAStarThatIsNotLast) {
  TopicRouter router;
  EXPECT_THROW(router.add("room:*:x", [] { return nullptr; }), std::invalid_argument);
}

TEST(TopicRouter, KeepsHistoryOnTheRoutesThatAskForIt) {
  TopicRouter router;
  std::size_t chat = router.add("chat:*", [] { return nullptr; });
  router.add("user:*", [] { return nullptr; });
  EXPECT_FALSE(router.keeps_history());
  router.keep_history(chat, {.size = 5, .ttl = std::chrono::seconds(3)});
  EXPECT_TRUE(router.keeps_history());
  ASSERT_TRUE(router.match("chat:1")->history);
  EXPECT_EQ(router.match("chat:1")->history->size, 5u);
  EXPECT_EQ(router.match("chat:1")->history->recovery_cap, 300u);
  EXPECT_FALSE(router.match("user:1")->history);
}

TEST(TopicRouter, RefusesHistoryThatKeepsNothing) {
  TopicRouter router;
  std::size_t route = router.add("chat:*", [] { return nullptr; });
  EXPECT_THROW(router.keep_history(route, {.size = 0}), std::invalid_argument);
  EXPECT_THROW(router.keep_history(route, {.ttl = std::chrono::milliseconds(0)}),
               std::invalid_argument);
  EXPECT_THROW(router.keep_history(route, {.recovery_cap = 0}), std::invalid_argument);
  EXPECT_THROW(router.keep_history(
                   route, {.ttl = std::chrono::hours(2), .position_ttl = std::chrono::hours(1)}),
               std::invalid_argument);
  EXPECT_FALSE(router.keeps_history());
}

}  // namespace
}  // namespace wick
