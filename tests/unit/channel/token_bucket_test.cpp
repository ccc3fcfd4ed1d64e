// The per-socket rate limit: a burst, then the rate, and never more than the burst saved up.
#include "channel/token_bucket.hpp"

#include <gtest/gtest.h>

namespace wick::detail {
namespace {

using std::chrono::milliseconds;

TEST(TokenBucket, StartsFullThenRefillsAtTheRate) {
  TokenBucket bucket;
  auto start = TokenBucket::Clock::time_point(milliseconds(1'000'000));
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(bucket.take(start, 10, 5)) << i;
  EXPECT_FALSE(bucket.take(start, 10, 5));
  EXPECT_FALSE(bucket.take(start + milliseconds(50), 10, 5));  // half a token
  EXPECT_TRUE(bucket.take(start + milliseconds(100), 10, 5));
  EXPECT_FALSE(bucket.take(start + milliseconds(100), 10, 5));
}

TEST(TokenBucket, SavesNoMoreThanTheBurst) {
  TokenBucket bucket;
  auto start = TokenBucket::Clock::time_point(milliseconds(5'000));
  EXPECT_TRUE(bucket.take(start, 100, 3));
  auto later = start + milliseconds(60'000);
  int taken = 0;
  while (bucket.take(later, 100, 3)) ++taken;
  EXPECT_EQ(taken, 3);
}

}  // namespace
}  // namespace wick::detail
