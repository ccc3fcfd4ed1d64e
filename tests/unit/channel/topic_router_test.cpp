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
  (*router.match("food:1"))();
  EXPECT_EQ(made, 1);
  (*router.match("foo:1"))();
  EXPECT_EQ(made, 2);
  (*router.match("system"))();
  EXPECT_EQ(made, 3);
  EXPECT_EQ(router.match("system:1"), nullptr);
  EXPECT_EQ(router.match("unknown"), nullptr);
}

TEST(TopicRouter, RefusesAStarThatIsNotLast) {
  TopicRouter router;
  EXPECT_THROW(router.add("room:*:x", [] { return nullptr; }), std::invalid_argument);
}

}  // namespace
}  // namespace wick
