// /metrics is generated from the one table of statistics: every field appears once, every
// family is described once, before its first sample.
#include "transport/prometheus.hpp"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

namespace wick::detail {
namespace {

TEST(Prometheus, EveryStatisticIsOneSampleWithItsValue) {
  EndpointStats stats;
  std::uint64_t value = 1;
#define WICK_TEST_SET(field, metric, reason, type, help) stats.field = value++;
  WICK_STATS(WICK_TEST_SET)
#undef WICK_TEST_SET
  std::map<std::string, std::string> samples;
  std::map<std::string, int> helps;
  std::istringstream lines(prometheus_text(stats));
  std::string line;
  std::string described;
  while (std::getline(lines, line)) {
    if (line.starts_with("# HELP ")) {
      described = line.substr(7, line.find(' ', 7) - 7);
      ++helps[described];
      continue;
    }
    if (line.starts_with("# TYPE ")) continue;
    std::string name = line.substr(0, line.find(' '));
    EXPECT_TRUE(name.starts_with(described)) << name << " before its HELP";
    EXPECT_TRUE(samples.emplace(name, line.substr(line.find(' ') + 1)).second) << name;
  }
  value = 1;
#define WICK_TEST_CHECK(field, metric, reason, type, help)                                     \
  EXPECT_EQ(samples[std::string(metric) + (std::string_view(reason).empty()                    \
                                               ? std::string()                                 \
                                               : std::string("{reason=\"") + reason + "\"}")], \
            std::to_string(value++))                                                           \
      << #field;
  WICK_STATS(WICK_TEST_CHECK)
#undef WICK_TEST_CHECK
  EXPECT_EQ(samples["wick_disconnects_total{reason=\"limit\"}"],
            std::to_string(stats.limit_disconnects));
  for (const auto& [family, count] : helps) EXPECT_EQ(count, 1) << family;
}

}  // namespace
}  // namespace wick::detail
