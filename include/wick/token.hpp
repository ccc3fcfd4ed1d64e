#pragma once
// Signed, expiring tokens compatible with Phoenix.Token: a Phoenix backend and Wick can verify
// each other's tokens when they share the secret key base and the salt.
//
//   wick::Token tokens(secret_key_base, "user socket");    // derives the key once
//   std::string token = tokens.sign(42);                  // max age 86,400 s, signed now
//   wick::TokenCheck check = tokens.verify(token, {.max_age = std::chrono::hours(24 * 14)});
//   if (check) user_id = check.data.as_int64();           // else missing, invalid or expired
//
// The format is Plug.Crypto's signed message: "SFMyNTY." b64url(P) "." b64url(HMAC-SHA256),
// P = Erlang's external term format of {data, signed_at_ms, max_age_s}, the key derived with
// PBKDF2-HMAC-SHA256(secret_key_base, salt, 1000 iterations, 32 bytes). Data may be any JSON
// value: numbers, strings, true/false/null (atoms), arrays (lists) and objects (maps with string
// keys). A Token is immutable after construction and safe to share between threads.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <wick/payload.hpp>

namespace wick {

/// What verify found (see Token::verify).
enum class TokenStatus { ok, missing, invalid, expired };

/// The outcome of Token::verify; true when the token is valid, with its data.
struct TokenCheck {
  TokenStatus status = TokenStatus::invalid;  ///< ok, or why the token was refused
  json::value data;                           ///< the signed data; null unless status is ok
  /// Whether status is TokenStatus::ok.
  explicit operator bool() const { return status == TokenStatus::ok; }
};

/// How the key is derived from the secret key base (Phoenix's key_iterations, key_length,
/// key_digest options).
struct TokenKeyOptions {
  /// The hash PBKDF2 derives the key with; it does not change the signature, which Token::sign
  /// always makes with HMAC-SHA256.
  enum class Digest { sha256, sha384, sha512 };
  int iterations = 1000;           ///< PBKDF2 iterations (key_iterations)
  int length = 32;                 ///< the key's length in bytes (key_length)
  Digest digest = Digest::sha256;  ///< PBKDF2's hash (key_digest)
};

/// Phoenix.Token.sign's options.
struct TokenSignOptions {
  /// Signing time; none: now.
  std::optional<std::chrono::system_clock::time_point> signed_at = std::nullopt;
  /// Stored in the token, used by verify when it is given no max age of its own.
  std::chrono::seconds max_age{86'400};
};

/// Phoenix.Token.verify's options.
struct TokenVerifyOptions {
  /// Overrides the max age stored in the token; Token::no_expiry accepts any age.
  std::optional<std::chrono::milliseconds> max_age = std::nullopt;
  /// The time to check against; none: now.
  std::optional<std::chrono::system_clock::time_point> now = std::nullopt;
};

/// "ok", "missing", "invalid", "expired".
std::string_view to_string(TokenStatus status);

/// Signs and verifies tokens under one secret key base and salt (see the example above).
class Token {
 public:
  /// As a max_age: any age is accepted (Phoenix's max_age: :infinity).
  static constexpr std::chrono::milliseconds no_expiry = std::chrono::milliseconds::max();

  /// Derives the key (PBKDF2, as Phoenix's KeyGenerator) once.
  Token(std::string_view secret_key_base, std::string_view salt, TokenKeyOptions options = {});

  /// Throws std::invalid_argument for data nested deeper than 64 levels (verify refuses those).
  std::string sign(const json::value& data, const TokenSignOptions& options = {}) const;
  /// An empty token is `missing`; a malformed, forged, foreign-salt or future-dated one
  /// `invalid`; an old one `expired`.
  TokenCheck verify(std::string_view token, const TokenVerifyOptions& options = {}) const;

 private:
  std::string key_;
};

}  // namespace wick
