#pragma once
// Password hashing with scrypt (OpenSSL), stored as
// "$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>" (hex), so that the cost can be
// raised later without invalidating stored hashes. Both functions take tens of milliseconds on
// purpose: call them from a worker thread, never from an event loop.
#include <string>
#include <string_view>

namespace chat {

struct ScryptCost {
  int log_n = 15;  // N = 32,768: 32 MiB per hash with r = 8
  int r = 8;
  int p = 3;  // OWASP's minimum for N = 2^15
};

std::string hash_password(std::string_view password, const ScryptCost& cost = {});
/// Constant-time comparison; false for a malformed stored hash too.
bool verify_password(std::string_view password, std::string_view stored);

}  // namespace chat
