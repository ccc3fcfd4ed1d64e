#pragma once
// Long-poll session tokens: a bearer credential naming one session, unforgeable and
// unguessable. The token carries the session's resident id, its creation time and the node that
// holds it (empty on a single node), signed with HMAC-SHA256 under a secret drawn when the
// endpoint starts: "<id>.<created_ms>.<node>.<signature>", the node and signature in URL-safe
// base64. A token for one session cannot be turned into one for another. Only the node that
// signed a token can verify it; any node can read which node that is, and send the request
// there (transport/remote_sessions.hpp).
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

  std::string sign(std::uint64_t session, std::string_view node,
                   std::chrono::milliseconds now) const;
  /// The session id, when the signature is valid and the token is younger than `max_age`.
  std::optional<std::uint64_t> verify(std::string_view token, std::chrono::milliseconds now,
                                      std::chrono::seconds max_age) const;
  /// The node a token names, unverified (only that node can tell whether it is genuine);
  /// nothing when the text is not shaped like a token.
  static std::optional<std::string> node_of(std::string_view token);

 private:
  std::string mac(std::string_view data) const;

  std::string secret_;
};

}  // namespace wick::detail
