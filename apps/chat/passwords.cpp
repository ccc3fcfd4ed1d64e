#include "passwords.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <charconv>
#include <cstdio>
#include <stdexcept>

#include "random_hex.hpp"

namespace chat {
namespace {

constexpr std::size_t salt_bytes = 16;
constexpr std::size_t hash_bytes = 32;

std::string derive(std::string_view password, std::string_view salt, const ScryptCost& cost) {
  std::string out(hash_bytes, '\0');
  std::uint64_t n = std::uint64_t{1} << cost.log_n;
  // Room for scrypt's 128 * r * N bytes, plus some.
  std::uint64_t max_memory = 128 * static_cast<std::uint64_t>(cost.r) * n * 2;
  if (EVP_PBE_scrypt(password.data(), password.size(),
                     reinterpret_cast<const unsigned char*>(salt.data()), salt.size(), n,
                     static_cast<std::uint64_t>(cost.r), static_cast<std::uint64_t>(cost.p),
                     max_memory, reinterpret_cast<unsigned char*>(out.data()), out.size()) != 1) {
    throw std::runtime_error("scrypt failed");
  }
  return out;
}

}  // namespace

std::string hash_password(std::string_view password, const ScryptCost& cost) {
  std::string salt = random_bytes(salt_bytes);
  return "$scrypt$ln=" + std::to_string(cost.log_n) + ",r=" + std::to_string(cost.r) +
         ",p=" + std::to_string(cost.p) + "$" + to_hex(salt) + "$" +
         to_hex(derive(password, salt, cost));
}

bool verify_password(std::string_view password, std::string_view stored) {
  ScryptCost cost;
  char salt_text[65] = {};
  char hash_text[65] = {};
  std::string copy(stored);
  if (std::sscanf(copy.c_str(), "$scrypt$ln=%d,r=%d,p=%d$%64[^$]$%64s", &cost.log_n, &cost.r,
                  &cost.p, salt_text, hash_text) != 5) {
    return false;
  }
  if (cost.log_n < 1 || cost.log_n > 20 || cost.r < 1 || cost.r > 32 || cost.p < 1 || cost.p > 16) {
    return false;
  }
  auto salt = from_hex(salt_text);
  auto expected = from_hex(hash_text);
  if (!salt || !expected || expected->size() != hash_bytes) return false;
  std::string actual = derive(password, *salt, cost);
  return CRYPTO_memcmp(actual.data(), expected->data(), hash_bytes) == 0;
}

}  // namespace chat
