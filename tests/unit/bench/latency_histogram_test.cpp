// wick-bench's latency histogram: quantiles within its bucket precision, merging, the max.
#include "latency_histogram.hpp"

#include <gtest/gtest.h>

namespace bench {
namespace {

TEST(LatencyHistogram, QuantilesAreWithinBucketPrecision) {
  LatencyHistogram histogram;
  for (std::int64_t ms = 1; ms <= 1000; ++ms) histogram.record(ms * 1'000'000);
  EXPECT_EQ(histogram.total, 1000u);
  EXPECT_NEAR(histogram.quantile_ms(0.5), 500, 500 * 0.07);
  EXPECT_NEAR(histogram.quantile_ms(0.99), 990, 990 * 0.07);
  EXPECT_DOUBLE_EQ(histogram.quantile_ms(1.0), 1000);  // never above the largest sample
}

TEST(LatencyHistogram, MergesWorkers) {
  LatencyHistogram a;
  LatencyHistogram b;
  for (int i = 0; i < 90; ++i) a.record(1'000'000);
  for (int i = 0; i < 10; ++i) b.record(100'000'000);
  a.add(b);
  EXPECT_EQ(a.total, 100u);
  EXPECT_NEAR(a.quantile_ms(0.5), 1, 0.07);
  EXPECT_NEAR(a.quantile_ms(0.95), 100, 7);
  EXPECT_EQ(a.max_ns, 100'000'000u);
  EXPECT_EQ(LatencyHistogram().quantile_ms(0.5), 0);
}

}  // namespace
}  // namespace bench
