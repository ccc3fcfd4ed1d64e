#pragma once
// Base64 for the places Wick needs it: URL-safe without padding for tokens and refs (RFC 4648
// §5), and a decoder that accepts either alphabet, padded or not.
#include <optional>
#include <string>
#include <string_view>

namespace wick::detail {

std::string base64url_encode(std::string_view bytes);
/// Standard or URL-safe base64, padded or not; nullopt when malformed, including unused
/// trailing bits that are not zero (only the canonical text of some bytes decodes).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace wick::detail
