// One client's outbound queue: frames in order, partial writes, the bound that makes a slow
// consumer, and nodes that go back to the loop's pool.
#include "net/outbound_queue.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace wick::detail {
namespace {

TEST(OutboundQueue, DropsWhatWasWrittenAndKeepsTheRestInOrder) {
  OutNodePool pool;
  OutboundQueue queue;
  OutboundLimit limit{1 << 20};
  ASSERT_TRUE(queue.push(pool, SharedFrame::copy_of("abc"), limit));
  ASSERT_TRUE(queue.push(pool, SharedFrame::copy_of("defg"), limit));
  queue.drop_written(pool, 2);  // "ab" of the first
  ASSERT_FALSE(queue.empty());
  EXPECT_EQ(queue.front()->frame.bytes(), "abc");
  EXPECT_EQ(queue.front_offset(), 2u);
  queue.drop_written(pool, 3);  // "c" and "de"
  EXPECT_EQ(queue.front()->frame.bytes(), "defg");
  EXPECT_EQ(queue.front_offset(), 2u);
  EXPECT_EQ(queue.frames(), 1u);
  queue.drop_written(pool, 2);
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.frames(), 0u);
}

TEST(OutboundQueue, SaysWhenItGoesOverItsBound) {
  OutNodePool pool;
  OutboundQueue queue;
  OutboundLimit bytes{6};
  EXPECT_TRUE(queue.push(pool, SharedFrame::copy_of("abc"), bytes));
  EXPECT_TRUE(queue.push(pool, SharedFrame::copy_of("def"), bytes));  // exactly at it
  EXPECT_FALSE(queue.push(pool, SharedFrame::copy_of("g"), bytes));
  queue.clear(pool);
  EXPECT_FALSE(queue.push(pool, SharedFrame::copy_of("abc"), bytes, 4));  // 4 bytes elsewhere
  queue.clear(pool);
  OutboundLimit two_frames{1 << 20, 2};
  EXPECT_TRUE(queue.push(pool, SharedFrame::copy_of("a"), two_frames));
  EXPECT_TRUE(queue.push(pool, SharedFrame::copy_of("b"), two_frames));
  EXPECT_FALSE(queue.push(pool, SharedFrame::copy_of("c"), two_frames));
  queue.clear(pool);
  EXPECT_TRUE(queue.empty());
}

TEST(OutNodePool, RecyclesNodesAndDropsTheirReferences) {
  OutNodePool pool;
  SharedFrame frame = SharedFrame::copy_of("x");
  std::vector<OutNode*> nodes;
  for (int i = 0; i < 300; ++i) nodes.push_back(pool.take(frame));  // more than one chunk
  for (OutNode* node : nodes) pool.give_back(node);
  EXPECT_FALSE(nodes.back()->frame);
  EXPECT_EQ(pool.take(frame), nodes.back());  // the last given back is the first taken
}

}  // namespace
}  // namespace wick::detail
