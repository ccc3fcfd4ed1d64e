#pragma once
// Long-poll session tokens: a bearer credential naming one session, unforgeable and
// unguessable. The token carries the session's resident id and creation time, signed with
// HMAC-SHA256 under a secret drawn when the endpoint starts, in URL-safe base64:
// "<id>.<created_ms>.<signature>". A token for one session cannot be turned into one for another.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wick::detail {

class LongPollTokens {
 public:
  /// A fresh random secret.
  LongPollTokens();
  /// A given secret (tests).
  explicit LongPollTokens(std::string secret) : secret_(std::move(secret)) {}

  std::string sign(std::uint64_t session, std::chrono::milliseconds now) const;
  /// The session id, when the signature is valid and the token is younger than `max_age`.
  std::optional<std::uint64_t> verify(std::string_view token, std::chrono::milliseconds now,
                                      std::chrono::seconds max_age) const;

 private:
  std::string mac(std::string_view data) const;

  std::string secret_;
};

}  // namespace wick::detail
