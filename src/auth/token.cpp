#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>
#include <wick/token.hpp>

#include "auth/etf.hpp"
#include "base64.hpp"
#include "clock.hpp"

namespace wick {
namespace {

using namespace std::chrono;

struct Algorithm {
  std::string_view prefix;  // unpadded base64 of "HS256", "HS384", "HS512"
  const EVP_MD* (*digest)();
};

constexpr Algorithm algorithms[] = {
    {"SFMyNTY", EVP_sha256}, {"SFMzODQ", EVP_sha384}, {"SFM1MTI", EVP_sha512}};

const EVP_MD* key_digest(TokenKeyOptions::Digest digest) {
  switch (digest) {
    case TokenKeyOptions::Digest::sha384:
      return EVP_sha384();
    case TokenKeyOptions::Digest::sha512:
      return EVP_sha512();
    default:
      return EVP_sha256();
  }
}

std::string hmac(const EVP_MD* digest, const std::string& key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(digest, key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &length);
  return std::string(reinterpret_cast<char*>(out), length);
}

std::optional<double> as_number(const json::value& value) {
  if (value.is_int64()) return static_cast<double>(value.get_int64());
  if (value.is_uint64()) return static_cast<double>(value.get_uint64());
  if (value.is_double()) return value.get_double();
  return std::nullopt;
}

struct Claims {
  json::value data;
  double signed_at_ms = 0;
  double max_age_s = 86'400;
};

// {data, signed_at_ms, max_age_s}, or the older shapes {data, signed_at_ms} and
// %{data: ..., signed: ...} that Phoenix verifiers still accept.
std::optional<Claims> read_claims(json::value payload) {
  Claims claims;
  if (payload.is_array()) {
    auto& items = payload.get_array();
    if (items.size() != 2 && items.size() != 3) return std::nullopt;
    auto signed_at = as_number(items[1]);
    if (!signed_at) return std::nullopt;
    claims.signed_at_ms = *signed_at;
    if (items.size() == 3) {
      auto max_age = as_number(items[2]);
      if (!max_age) return std::nullopt;
      claims.max_age_s = *max_age;
    }
    claims.data = std::move(items[0]);
    return claims;
  }
  if (payload.is_object()) {
    auto& entries = payload.get_object();
    auto* data = entries.if_contains("data");
    auto* signed_at = entries.if_contains("signed");
    if (!data || !signed_at || !as_number(*signed_at)) return std::nullopt;
    claims.signed_at_ms = *as_number(*signed_at);
    claims.data = std::move(*data);
    return claims;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(TokenStatus status) {
  switch (status) {
    case TokenStatus::ok:
      return "ok";
    case TokenStatus::missing:
      return "missing";
    case TokenStatus::expired:
      return "expired";
    default:
      return "invalid";
  }
}

Token::Token(std::string_view secret_key_base, std::string_view salt, TokenKeyOptions options)
    : key_(static_cast<std::size_t>(options.length), '\0') {
  if (PKCS5_PBKDF2_HMAC(secret_key_base.data(), static_cast<int>(secret_key_base.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()),
                        static_cast<int>(salt.size()), options.iterations,
                        key_digest(options.digest), options.length,
                        reinterpret_cast<unsigned char*>(key_.data())) != 1) {
    throw std::runtime_error("token key derivation failed");
  }
}

std::string Token::sign(const json::value& data, const TokenSignOptions& options) const {
  // verify() decodes the data one level down, inside the {data, signed_at, max_age} tuple.
  if (detail::etf::nesting(data) > detail::etf::max_nesting) {
    throw std::invalid_argument("token data nested deeper than " +
                                std::to_string(detail::etf::max_nesting) + " levels");
  }
  std::string payload(1, static_cast<char>(131));
  detail::etf::encode_tuple_header(3, payload);
  detail::etf::encode_term(data, payload);
  detail::etf::encode_integer(detail::unix_ms(options.signed_at.value_or(system_clock::now())),
                              payload);
  detail::etf::encode_integer(options.max_age.count(), payload);
  std::string signed_part =
      std::string(algorithms[0].prefix) + "." + detail::base64url_encode(payload);
  return signed_part + "." + detail::base64url_encode(hmac(EVP_sha256(), key_, signed_part));
}

TokenCheck Token::verify(std::string_view token, const TokenVerifyOptions& options) const {
  TokenCheck check;
  if (token.empty()) {
    check.status = TokenStatus::missing;
    return check;
  }
  std::size_t first = token.find('.');
  std::size_t last = token.rfind('.');
  if (first == std::string_view::npos || first == last) return check;
  std::string_view prefix = token.substr(0, first);
  const Algorithm* algorithm = nullptr;
  for (const auto& candidate : algorithms) {
    if (candidate.prefix == prefix) algorithm = &candidate;
  }
  if (!algorithm) return check;
  auto payload = detail::base64_decode(token.substr(first + 1, last - first - 1));
  auto signature = detail::base64_decode(token.substr(last + 1));
  if (!payload || !signature) return check;
  std::string expected = hmac(algorithm->digest(), key_, token.substr(0, last));
  if (signature->size() != expected.size() ||
      CRYPTO_memcmp(signature->data(), expected.data(), expected.size()) != 0) {
    return check;
  }
  auto term = detail::etf::decode(*payload, detail::etf::max_nesting + 1);
  if (!term) return check;
  auto claims = read_claims(std::move(*term));
  if (!claims) return check;

  if (options.max_age != no_expiry) {
    double max_age_ms = options.max_age ? static_cast<double>(options.max_age->count())
                                        : claims->max_age_s * 1000.0;
    double now = static_cast<double>(detail::unix_ms(options.now.value_or(system_clock::now())));
    if (max_age_ms <= 0) {
      check.status = TokenStatus::expired;
      return check;
    }
    if (claims->signed_at_ms > now) return check;  // signed in the future
    if (claims->signed_at_ms + max_age_ms < now) {
      check.status = TokenStatus::expired;
      return check;
    }
  }
  check.status = TokenStatus::ok;
  check.data = std::move(claims->data);
  return check;
}

}  // namespace wick
