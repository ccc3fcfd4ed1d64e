// libFuzzer target: Phoenix.Token verification of untrusted tokens, and the Erlang term
// decoder behind it on raw bytes. A forged token must never verify; decoding must not crash,
// recurse without bound, or allocate by a claimed length.
#include <cstddef>
#include <cstdint>
#include <string>
#include <wick/token.hpp>

#include "auth/etf.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const wick::Token tokens(std::string(64, 'k'), "fuzz salt");
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (tokens.verify(text, {.max_age = wick::Token::no_expiry})) __builtin_trap();
  // The same bytes as a term payload (with and without the version byte).
  (void)wick::detail::etf::decode(text);
  std::string versioned(1, static_cast<char>(131));
  versioned.append(text);
  if (auto term = wick::detail::etf::decode(versioned)) {
    // Whatever decodes must sign and verify back to itself.
    auto check = tokens.verify(tokens.sign(*term), {.max_age = wick::Token::no_expiry});
    if (!check) __builtin_trap();
  }
  return 0;
}
