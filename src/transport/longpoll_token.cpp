#include "transport/longpoll_token.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <charconv>
#include <stdexcept>

#include "base64.hpp"

namespace wick::detail {
namespace {

bool read_number(std::string_view text, std::uint64_t* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

// A token cut at its dots: "<id>.<created>.<node>.<signature>".
struct TokenParts {
  std::string_view signed_part;  // everything before the signature
  std::string_view id, created, node, signature;
};

std::optional<TokenParts> split(std::string_view token) {
  TokenParts parts;
  std::string_view* fields[] = {&parts.id, &parts.created, &parts.node};
  std::string_view rest = token;
  for (std::string_view* field : fields) {
    std::size_t dot = rest.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    *field = rest.substr(0, dot);
    rest.remove_prefix(dot + 1);
  }
  if (rest.find('.') != std::string_view::npos) return std::nullopt;
  parts.signature = rest;
  parts.signed_part = token.substr(0, token.size() - rest.size() - 1);
  return parts;
}

}  // namespace

LongPollTokens::LongPollTokens() : secret_(32, '\0') {
  if (RAND_bytes(reinterpret_cast<unsigned char*>(secret_.data()), 32) != 1) {
    throw std::runtime_error("no randomness for the long-poll token secret");
  }
}

std::string LongPollTokens::mac(std::string_view data) const {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  return base64url_encode(std::string_view(reinterpret_cast<char*>(digest), length));
}

std::string LongPollTokens::sign(std::uint64_t session, std::string_view node,
                                 std::chrono::milliseconds now) const {
  std::string data =
      std::to_string(session) + "." + std::to_string(now.count()) + "." + base64url_encode(node);
  return data + "." + mac(data);
}

std::optional<std::uint64_t> LongPollTokens::verify(std::string_view token,
                                                    std::chrono::milliseconds now,
                                                    std::chrono::seconds max_age) const {
  std::optional<TokenParts> parts = split(token);
  if (!parts) return std::nullopt;
  std::string expected = mac(parts->signed_part);
  if (parts->signature.size() != expected.size() ||
      CRYPTO_memcmp(parts->signature.data(), expected.data(), expected.size()) != 0) {
    return std::nullopt;
  }
  std::uint64_t session, created;
  if (!read_number(parts->id, &session) || !read_number(parts->created, &created)) {
    return std::nullopt;
  }
  auto age = now - std::chrono::milliseconds(created);
  if (age < std::chrono::milliseconds(0) || age > max_age) return std::nullopt;
  return session;
}

std::optional<std::string> LongPollTokens::node_of(std::string_view token) {
  std::optional<TokenParts> parts = split(token);
  if (!parts) return std::nullopt;
  return base64_decode(parts->node);
}

}  // namespace wick::detail
