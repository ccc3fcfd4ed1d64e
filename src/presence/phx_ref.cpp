#include "presence/phx_ref.hpp"

#include <chrono>

namespace wick::detail {

std::string PhxRefGenerator::next() {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  auto nanos = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                              std::chrono::system_clock::now().time_since_epoch())
                                              .count());
  std::uint16_t count = counter_.fetch_add(1, std::memory_order_relaxed);
  unsigned char bytes[12];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<unsigned char>(nanos >> (56 - 8 * i));
  bytes[8] = static_cast<unsigned char>(replica_bits_ >> 8);
  bytes[9] = static_cast<unsigned char>(replica_bits_);
  bytes[10] = static_cast<unsigned char>(count >> 8);
  bytes[11] = static_cast<unsigned char>(count);
  std::string out;
  out.reserve(16);
  for (int i = 0; i < 12; i += 3) {
    std::uint32_t group = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(alphabet[(group >> shift) & 0x3F]);
  }
  return out;
}

}  // namespace wick::detail
