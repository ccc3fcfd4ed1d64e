// The answers a long-poll session gives its polls.
#include "transport/longpoll_session.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "net/outbound_queue.hpp"
#include "transport/websocket_codec.hpp"

namespace wick::detail {
namespace {

TEST(LongPollAnswer, OnlyA200TakesTheBufferedMessages) {
  // Regression: a poll superseded by a newer one was answered 204 with the buffer, which
  // phoenix.js ignores, so those messages were lost.
  OutNodePool pool;
  OutboundQueue queue;
  OutboundLimit limit{1 << 20, 10};
  ASSERT_TRUE(queue.push(pool, ws::make_frame(ws::Opcode::text, "[\"m\"]"), limit));
  ASSERT_TRUE(queue.push(pool, ws::make_frame(ws::Opcode::text, "[\"n\"]"), limit));
  EXPECT_EQ(boost::json::parse(poll_answer(204, "T", pool, queue)),
            boost::json::parse(R"({"status":204,"token":"T","messages":[]})"));
  EXPECT_EQ(queue.frames(), 2u);
  EXPECT_EQ(boost::json::parse(poll_answer(200, "T", pool, queue)),
            boost::json::parse(R"({"status":200,"token":"T","messages":["[\"m\"]","[\"n\"]"]})"));
  EXPECT_TRUE(queue.empty());
}

}  // namespace
}  // namespace wick::detail
