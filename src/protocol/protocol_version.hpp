#pragma once
// vsn negotiation (spec §2.3): absent → V1; "1.0.x" → V1; "2.0.x" → V2; anything else, a
// pre-release, or a non-string value → refused.
#include <boost/json/value.hpp>
#include <optional>

#include "protocol/serializer.hpp"

namespace wick::detail {

/// `vsn` is the query parameter, or nullptr when absent.
std::optional<SerializerVersion> negotiate_version(const boost::json::value* vsn);

}  // namespace wick::detail
