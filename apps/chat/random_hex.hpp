#pragma once
// Bytes as lowercase hex and back, and fresh random bytes from OpenSSL (salts, secrets).
#include <optional>
#include <string>
#include <string_view>

namespace chat {

std::string to_hex(std::string_view bytes);
std::optional<std::string> from_hex(std::string_view text);
/// `count` bytes from OpenSSL's CSPRNG; throws when it has no entropy.
std::string random_bytes(std::size_t count);

}  // namespace chat
