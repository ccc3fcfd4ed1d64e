#include "transport/prometheus.hpp"

#include <string_view>

namespace wick::detail {
namespace {

// Appends one sample; a metric's HELP and TYPE lines come before its first sample only.
void sample(std::string& out, std::string_view& family, std::string_view metric,
            std::string_view reason, std::string_view type, std::string_view help,
            std::uint64_t value) {
  if (metric != family) {
    family = metric;
    out.append("# HELP ").append(metric).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(metric).append(" ").append(type).append("\n");
  }
  out.append(metric);
  if (!reason.empty()) out.append("{reason=\"").append(reason).append("\"}");
  out.append(" ").append(std::to_string(value)).append("\n");
}

}  // namespace

std::string prometheus_text(const EndpointStats& stats) {
  std::string out;
  std::string_view family;
#define WICK_STATS_SAMPLE(field, metric, reason, type, help) \
  sample(out, family, metric, reason, type, help, stats.field);
  WICK_STATS(WICK_STATS_SAMPLE)
#undef WICK_STATS_SAMPLE
  return out;
}

}  // namespace wick::detail
