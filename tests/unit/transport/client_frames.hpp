#pragma once
// Builds client-side (masked) WebSocket frames for tests.
#include <cstdint>
#include <string>
#include <string_view>

namespace wick::test {

inline std::string client_frame(std::uint8_t opcode, std::string_view payload, bool fin = true,
                                bool masked = true, std::uint8_t rsv = 0) {
  static const unsigned char mask[4] = {0x37, 0xfa, 0x21, 0x3d};
  std::string out;
  out.push_back(static_cast<char>((fin ? 0x80 : 0) | rsv | opcode));
  std::uint8_t mask_bit = masked ? 0x80 : 0;
  if (payload.size() < 126) {
    out.push_back(static_cast<char>(mask_bit | payload.size()));
  } else if (payload.size() <= 0xFFFF) {
    out.push_back(static_cast<char>(mask_bit | 126));
    out.push_back(static_cast<char>(payload.size() >> 8));
    out.push_back(static_cast<char>(payload.size() & 0xFF));
  } else {
    out.push_back(static_cast<char>(mask_bit | 127));
    for (int i = 7; i >= 0; --i)
      out.push_back(static_cast<char>((payload.size() >> (8 * i)) & 0xFF));
  }
  if (masked) out.append(reinterpret_cast<const char*>(mask), 4);
  for (std::size_t i = 0; i < payload.size(); ++i) {
    out.push_back(static_cast<char>(payload[i] ^ (masked ? mask[i % 4] : 0)));
  }
  return out;
}

}  // namespace wick::test
