#include "presence/phx_ref.hpp"

#include "base64.hpp"
#include "clock.hpp"

namespace wick::detail {

std::string PhxRefGenerator::next() {
  auto nanos = static_cast<std::uint64_t>(unix_ns());
  std::uint16_t count = counter_.fetch_add(1, std::memory_order_relaxed);
  unsigned char bytes[12];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<unsigned char>(nanos >> (56 - 8 * i));
  bytes[8] = static_cast<unsigned char>(replica_bits_ >> 8);
  bytes[9] = static_cast<unsigned char>(replica_bits_);
  bytes[10] = static_cast<unsigned char>(count >> 8);
  bytes[11] = static_cast<unsigned char>(count);
  return base64url_encode(std::string_view(reinterpret_cast<char*>(bytes), sizeof bytes));
}

}  // namespace wick::detail
