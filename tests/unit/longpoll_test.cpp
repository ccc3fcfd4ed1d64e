// The pure parts of the long-poll transport: session tokens, POST bodies, poll answers.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "transport/longpoll_body.hpp"
#include "transport/longpoll_session.hpp"
#include "transport/longpoll_token.hpp"
#include "transport/websocket_codec.hpp"

namespace wick::detail {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(LongPollTokens, VerifyWhatTheySignedAndNothingElse) {
  LongPollTokens tokens("secret-1");
  std::string token = tokens.sign(42, milliseconds(1'000'000));
  EXPECT_EQ(tokens.verify(token, milliseconds(1'000'500), seconds(60)), 42u);
  EXPECT_FALSE(LongPollTokens("secret-2").verify(token, milliseconds(1'000'500), seconds(60)));
  std::string other_session = "43" + token.substr(2);
  EXPECT_FALSE(tokens.verify(other_session, milliseconds(1'000'500), seconds(60)));
  EXPECT_FALSE(tokens.verify(token, milliseconds(1'000'000 + 61'000), seconds(60)));  // expired
  EXPECT_FALSE(tokens.verify("garbage", milliseconds(0), seconds(60)));
  EXPECT_FALSE(tokens.verify("", milliseconds(0), seconds(60)));
  EXPECT_NE(LongPollTokens().sign(42, milliseconds(1)), LongPollTokens().sign(42, milliseconds(1)));
}

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

TEST(LongPollAnswer, OnlyA200TakesTheBufferedMessages) {
  // Regression: a poll superseded by a newer one was answered 204 with the buffer, which
  // phoenix.js ignores, so those messages were lost.
  std::vector<SharedFrame> buffer{ws::make_frame(ws::Opcode::text, "[\"m\"]")};
  EXPECT_EQ(boost::json::parse(poll_answer(204, "T", buffer)),
            boost::json::parse(R"({"status":204,"token":"T","messages":[]})"));
  EXPECT_EQ(buffer.size(), 1u);
  EXPECT_EQ(boost::json::parse(poll_answer(200, "T", buffer)),
            boost::json::parse(R"({"status":200,"token":"T","messages":["[\"m\"]"]})"));
  EXPECT_TRUE(buffer.empty());
}

}  // namespace
}  // namespace wick::detail
