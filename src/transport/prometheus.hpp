#pragma once
// EndpointStats in Prometheus' text exposition format (version 0.0.4), for GET /metrics.
#include <string>
#include <wick/stats.hpp>

namespace wick::detail {

std::string prometheus_text(const EndpointStats& stats);

}  // namespace wick::detail
