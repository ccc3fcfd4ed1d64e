#pragma once
// Phoenix's check_origin with a list (spec §4.2): each entry gives scheme, host and port
// ("https://example.com", "//another.com:888", "//*.other.com"); omitted parts match anything;
// "*." matches the bare domain and every subdomain. Unparsable origins ("null", "file://")
// are refused.
#include <string>
#include <string_view>
#include <vector>

namespace wick::detail {

bool origin_allowed(std::string_view origin, const std::vector<std::string>& allowed);

}  // namespace wick::detail
