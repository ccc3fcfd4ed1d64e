// The answers a long-poll session gives its polls.
#include "transport/longpoll_session.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "transport/websocket_codec.hpp"

namespace wick::detail {
namespace {

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
