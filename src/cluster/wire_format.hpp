#pragma once
// The few pieces every message between nodes is made of: varints (7 bits a byte, low first),
// length-prefixed strings, and a reader whose every read fails, rather than over-reads, on
// input that ends too soon. Pure.
#include <cstdint>
#include <string>
#include <string_view>

namespace wick::detail::wire {

inline void put_varint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

inline void put_string(std::string& out, std::string_view text) {
  put_varint(out, text.size());
  out.append(text);
}

inline void put_fixed64(std::string& out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(value >> (8 * i)));
}

/// Reads from the front of `bytes`, which it advances.
class Reader {
 public:
  explicit Reader(std::string_view& bytes) : rest_(bytes) {}

  bool byte(char& value) {
    if (rest_.empty()) return false;
    value = rest_.front();
    rest_.remove_prefix(1);
    return true;
  }
  bool fixed64(std::uint64_t& value) {
    if (rest_.size() < 8) return false;
    value = 0;
    for (int i = 7; i >= 0; --i) value = value << 8 | static_cast<unsigned char>(rest_[i]);
    rest_.remove_prefix(8);
    return true;
  }
  bool varint(std::uint64_t& value) {
    value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      char next;
      if (!byte(next)) return false;
      value |= static_cast<std::uint64_t>(next & 0x7f) << shift;
      if ((next & 0x80) == 0) return true;
    }
    return false;  // longer than any 64-bit number
  }
  bool string(std::string& value) {
    std::uint64_t size;
    if (!varint(size) || size > rest_.size()) return false;
    value.assign(rest_.substr(0, size));
    rest_.remove_prefix(size);
    return true;
  }
  /// A count of items that each take at least a byte: never more than what is left.
  bool count(std::uint64_t& value) { return varint(value) && value <= rest_.size(); }
  std::string_view rest() const { return rest_; }

 private:
  std::string_view& rest_;
};

}  // namespace wick::detail::wire
