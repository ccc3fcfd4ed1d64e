// Long-poll POST bodies cut into messages as Phoenix cuts them.
#include "transport/longpoll_body.hpp"

#include <gtest/gtest.h>

namespace wick::detail {
namespace {

TEST(LongPollBody, SplitsNdjsonAsPhoenixDoes) {
  auto batch = split_longpoll_body("application/x-ndjson", "[1]\r\n\n[2]\nAAEC\n");
  ASSERT_FALSE(batch.refused);
  ASSERT_EQ(batch.messages.size(), 3u);
  EXPECT_EQ(batch.messages[0].data, "[1]");
  EXPECT_EQ(batch.messages[1].data, "[2]");
  EXPECT_TRUE(batch.messages[2].binary);
  EXPECT_EQ(batch.messages[2].data, std::string("\x00\x01\x02", 3));
  auto garbage = split_longpoll_body("application/x-ndjson", "[1]\n%%%");
  EXPECT_TRUE(garbage.refused);
  EXPECT_TRUE(garbage.messages.empty());
}

TEST(LongPollBody, RefusesABatchOfMoreThanAHundredMessagesWhole) {
  std::string body;
  for (int i = 0; i < 100; ++i) body += "[" + std::to_string(i) + "]\n\n";
  auto hundred = split_longpoll_body("application/x-ndjson", body);
  ASSERT_FALSE(hundred.refused);  // empty lines are no messages
  EXPECT_EQ(hundred.messages.size(), 100u);
  auto more = split_longpoll_body("application/x-ndjson", body + "[100]");
  EXPECT_STREQ(more.refused, "more than 100 messages in one POST");
  EXPECT_TRUE(more.messages.empty());
}

TEST(LongPollBody, OtherContentTypesAreOneMessage) {
  auto batch = split_longpoll_body("application/x-ndjson; charset=utf-8", "[1]\n[2]");
  ASSERT_EQ(batch.messages.size(), 1u);
  EXPECT_EQ(batch.messages[0].data, "[1]\n[2]");
}

}  // namespace
}  // namespace wick::detail
