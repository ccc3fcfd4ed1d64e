// One topic's memory stream: numbering, the size and time-to-live bounds, and what a join from
// a position gets (all it missed, or nothing).
#include "pubsub/topic_stream.hpp"

#include <gtest/gtest.h>

#include "pubsub/broadcast_message.hpp"

namespace wick::detail {
namespace {

using std::chrono::milliseconds;

class TopicStreamTest : public ::testing::Test {
 protected:
  TopicStream make(History history) { return TopicStream(history, "e1", 2); }
  void append(TopicStream& stream, int count, SteadyClock::time_point at) {
    for (int i = 0; i < count; ++i) stream.append("t", "e", Payload(), 0, at);
  }
  SteadyClock::time_point t0 = SteadyClock::now();
};

TEST_F(TopicStreamTest, NumbersBroadcastsFromOneUnderItsEpoch) {
  TopicStream stream = make({});
  auto first = stream.append("t", "e", Payload(), 7, t0);
  auto second = stream.append("t", "e", Payload(), 0, t0);
  EXPECT_EQ(first->offset(), 1u);
  EXPECT_EQ(second->offset(), 2u);
  EXPECT_EQ(first->epoch(), "e1");
  EXPECT_EQ(first->from(), 7u);
  EXPECT_TRUE(first->positioned());
}

TEST_F(TopicStreamTest, KeepsTheNewestWithinItsSize) {
  TopicStream stream = make({.size = 3});
  append(stream, 10, t0);
  EXPECT_EQ(stream.kept(), 3u);
  StreamRecovery kept = stream.recover(StreamPosition{7, "e1"}, t0);
  ASSERT_TRUE(kept.recovered);
  ASSERT_EQ(kept.missed.size(), 3u);
  EXPECT_EQ(kept.missed.front()->offset(), 8u);
  EXPECT_FALSE(stream.recover(StreamPosition{6, "e1"}, t0).recovered);  // 7 is gone
}

TEST_F(TopicStreamTest, ABroadcastOutlivingItsTimeToLiveIsGone) {
  TopicStream stream = make({.ttl = milliseconds(1000)});
  append(stream, 2, t0);
  append(stream, 2, t0 + milliseconds(600));
  StreamRecovery late = stream.recover(StreamPosition{0, "e1"}, t0 + milliseconds(1200));
  EXPECT_FALSE(late.recovered);  // 1 and 2 expired
  StreamRecovery recent = stream.recover(StreamPosition{2, "e1"}, t0 + milliseconds(1200));
  ASSERT_TRUE(recent.recovered);
  EXPECT_EQ(recent.missed.size(), 2u);
  EXPECT_EQ(recent.position.offset, 4u);
}

TEST_F(TopicStreamTest, RecoversAllOrNothing) {
  TopicStream stream = make({.size = 100, .recovery_cap = 5});
  append(stream, 10, t0);
  EXPECT_FALSE(stream.recover(StreamPosition{4, "e1"}, t0).recovered);  // 6 missed, cap 5
  EXPECT_TRUE(stream.recover(StreamPosition{5, "e1"}, t0).recovered);
  EXPECT_FALSE(stream.recover(StreamPosition{5, "e0"}, t0).recovered);   // another epoch
  EXPECT_FALSE(stream.recover(StreamPosition{11, "e1"}, t0).recovered);  // from the future
  StreamRecovery caught_up = stream.recover(StreamPosition{10, "e1"}, t0);
  EXPECT_TRUE(caught_up.recovered);
  EXPECT_TRUE(caught_up.missed.empty());
  EXPECT_TRUE(stream.recover(StreamPosition{5, "e0"}, t0).missed.empty());
}

TEST_F(TopicStreamTest, AQuietStreamKeepsItsPositionUntilItsPositionTtl) {
  TopicStream stream = make({.ttl = milliseconds(100), .position_ttl = milliseconds(1000)});
  append(stream, 3, t0);
  EXPECT_FALSE(stream.expire(t0 + milliseconds(500)));
  EXPECT_EQ(stream.kept(), 0u);
  StreamRecovery caught_up = stream.recover(StreamPosition{3, "e1"}, t0 + milliseconds(500));
  EXPECT_TRUE(caught_up.recovered);                      // nothing to push, and nothing lost
  EXPECT_FALSE(stream.expire(t0 + milliseconds(1400)));  // that read used it
  EXPECT_TRUE(stream.expire(t0 + milliseconds(1600)));
}

}  // namespace
}  // namespace wick::detail
