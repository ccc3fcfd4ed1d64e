#pragma once
// phx_ref values: unique per meta and never reused, 16 characters of URL-safe base64 over 12
// bytes (nanoseconds, a per-replica number, a counter), as Phoenix makes them.
#include <atomic>
#include <cstdint>
#include <string>

namespace wick::detail {

class PhxRefGenerator {
 public:
  explicit PhxRefGenerator(std::uint16_t replica_bits) : replica_bits_(replica_bits) {}
  std::string next();

 private:
  std::uint16_t replica_bits_;
  std::atomic<std::uint16_t> counter_{0};
};

}  // namespace wick::detail
