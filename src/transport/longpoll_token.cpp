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

std::string LongPollTokens::sign(std::uint64_t session, std::chrono::milliseconds now) const {
  std::string data = std::to_string(session) + "." + std::to_string(now.count());
  return data + "." + mac(data);
}

std::optional<std::uint64_t> LongPollTokens::verify(std::string_view token,
                                                    std::chrono::milliseconds now,
                                                    std::chrono::seconds max_age) const {
  std::size_t last_dot = token.rfind('.');
  if (last_dot == std::string_view::npos) return std::nullopt;
  std::string_view data = token.substr(0, last_dot);
  std::string expected = mac(data);
  std::string_view given = token.substr(last_dot + 1);
  if (given.size() != expected.size() ||
      CRYPTO_memcmp(given.data(), expected.data(), expected.size()) != 0) {
    return std::nullopt;
  }
  std::size_t dot = data.find('.');
  std::uint64_t session, created;
  if (dot == std::string_view::npos || !read_number(data.substr(0, dot), &session) ||
      !read_number(data.substr(dot + 1), &created)) {
    return std::nullopt;
  }
  auto age = now - std::chrono::milliseconds(created);
  if (age < std::chrono::milliseconds(0) || age > max_age) return std::nullopt;
  return session;
}

}  // namespace wick::detail
