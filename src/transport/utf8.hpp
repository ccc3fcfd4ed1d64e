#pragma once
#include <string_view>

namespace wick::detail {

/// True when `text` is well-formed UTF-8 (RFC 3629: no overlongs, surrogates or > U+10FFFF).
bool is_valid_utf8(std::string_view text);

}  // namespace wick::detail
