#pragma once
// Latencies in nanoseconds, counted in log-linear buckets (16 per power of two, so a quantile
// is exact to within ~4%). Plain data, so that worker processes can send theirs through a pipe
// and the parent adds them up.
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>

namespace bench {

struct LatencyHistogram {
  static constexpr int sub_buckets = 16;
  std::array<std::uint64_t, 64 * sub_buckets> counts{};
  std::uint64_t total = 0;
  std::uint64_t max_ns = 0;

  void record(std::int64_t ns) {
    auto value = static_cast<std::uint64_t>(ns < 1 ? 1 : ns);
    ++counts[index(value)];
    ++total;
    if (value > max_ns) max_ns = value;
  }

  void add(const LatencyHistogram& other) {
    for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += other.counts[i];
    total += other.total;
    if (other.max_ns > max_ns) max_ns = other.max_ns;
  }

  /// The value below which a fraction `q` of the samples lie (the bucket's upper end).
  double quantile_ms(double q) const {
    if (total == 0) return 0;
    auto rank = static_cast<std::uint64_t>(q * static_cast<double>(total - 1)) + 1;
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      seen += counts[i];
      if (seen >= rank) return static_cast<double>(std::min(upper_bound(i), max_ns)) / 1e6;
    }
    return static_cast<double>(max_ns) / 1e6;
  }

 private:
  static std::size_t index(std::uint64_t value) {
    int exponent = 63 - std::countl_zero(value);
    if (exponent < 4) return static_cast<std::size_t>(value);  // small values: one bucket each
    auto mantissa = static_cast<std::size_t>((value >> (exponent - 4)) & (sub_buckets - 1));
    return static_cast<std::size_t>(exponent) * sub_buckets + mantissa;
  }
  static std::uint64_t upper_bound(std::size_t index) {
    if (index < 16) return index;
    std::size_t exponent = index / sub_buckets;
    std::uint64_t mantissa = index % sub_buckets;
    return ((sub_buckets + mantissa + 1) << (exponent - 4)) - 1;
  }
};

}  // namespace bench
