// Shared frames: one block of bytes, counted references, the payload past the header.
#include "net/shared_frame.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <thread>
#include <vector>

namespace wick::detail {
namespace {

TEST(SharedFrame, CopiesShareOneBlock) {
  SharedFrame frame = SharedFrame::allocate(7, 2, false);
  std::memcpy(frame.data(), "hdhello", 7);
  SharedFrame copy = frame;
  EXPECT_EQ(copy.data(), frame.data());
  EXPECT_EQ(copy.bytes(), "hdhello");
  EXPECT_EQ(copy.payload(), "hello");
  SharedFrame moved = std::move(copy);
  EXPECT_FALSE(copy);  // NOLINT(bugprone-use-after-move): a moved-from frame is empty
  EXPECT_EQ(moved.data(), frame.data());
}

TEST(SharedFrame, CopyOfHasNoHeader) {
  SharedFrame frame = SharedFrame::copy_of("HTTP/1.1 200 OK\r\n\r\n");
  EXPECT_EQ(frame.payload(), frame.bytes());
  EXPECT_FALSE(frame.binary());
}

TEST(SharedFrame, ReferencesMayBeDroppedOnManyThreads) {
  SharedFrame frame = SharedFrame::copy_of("shared");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([frame] {
      for (int i = 0; i < 10'000; ++i) {
        SharedFrame copy = frame;
        ASSERT_EQ(copy.bytes(), "shared");
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(frame.bytes(), "shared");
}

TEST(SharedFrame, RefusesAHeaderPastTheEnd) {
  EXPECT_THROW(SharedFrame::allocate(2, 3, false), std::length_error);
}

}  // namespace
}  // namespace wick::detail
