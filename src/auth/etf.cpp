#include "auth/etf.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>

namespace wick::detail::etf {
namespace {

enum Tag : unsigned char {
  version = 131,
  new_float = 70,
  small_integer = 97,
  integer = 98,
  atom_latin1 = 100,
  small_tuple = 104,
  large_tuple = 105,
  nil = 106,
  string = 107,
  list = 108,
  binary = 109,
  small_big = 110,
  small_atom_latin1 = 115,
  map = 116,
  atom_utf8 = 118,
  small_atom_utf8 = 119,
};

void put_u8(std::string& out, unsigned value) { out.push_back(static_cast<char>(value)); }

void put_u32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) put_u8(out, (value >> shift) & 0xFF);
}

void encode_atom(std::string_view name, std::string& out) {
  put_u8(out, small_atom_utf8);
  put_u8(out, static_cast<unsigned>(name.size()));
  out.append(name);
}

void encode_binary(std::string_view bytes, std::string& out) {
  put_u8(out, binary);
  put_u32(out, static_cast<std::uint32_t>(bytes.size()));
  out.append(bytes);
}

void encode_unsigned_big(std::uint64_t magnitude, bool negative, std::string& out) {
  std::string digits;
  for (; magnitude; magnitude >>= 8) put_u8(digits, magnitude & 0xFF);
  put_u8(out, small_big);
  put_u8(out, static_cast<unsigned>(digits.size()));
  put_u8(out, negative ? 1 : 0);
  out += digits;
}

class Reader {
 public:
  Reader(std::string_view bytes, int max_depth) : bytes_(bytes), max_depth_(max_depth) {}

  bool done() const { return position_ == bytes_.size(); }

  std::optional<std::uint64_t> take(std::size_t count) {
    if (bytes_.size() - position_ < count) return std::nullopt;
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < count; ++i) {
      value = (value << 8) | static_cast<unsigned char>(bytes_[position_++]);
    }
    return value;
  }

  std::optional<std::string_view> take_bytes(std::uint64_t count) {
    if (bytes_.size() - position_ < count) return std::nullopt;
    std::string_view taken = bytes_.substr(position_, count);
    position_ += count;
    return taken;
  }

  std::optional<boost::json::value> term(int depth) {
    if (depth > max_depth_) return std::nullopt;
    auto tag = take(1);
    if (!tag) return std::nullopt;
    switch (*tag) {
      case small_integer:
        return as_value(take(1));
      case integer:
        if (auto raw = take(4)) return static_cast<std::int64_t>(static_cast<std::int32_t>(*raw));
        return std::nullopt;
      case small_big:
        return big();
      case new_float: {
        auto raw = take(8);
        if (!raw) return std::nullopt;
        return boost::json::value(std::bit_cast<double>(*raw));
      }
      case binary:
        return text(take(4));
      case atom_latin1:
      case atom_utf8:
        return atom(take(2));
      case small_atom_latin1:
      case small_atom_utf8:
        return atom(take(1));
      case small_tuple:
        return elements(take(1), depth, false);
      case large_tuple:
        return elements(take(4), depth, false);
      case nil:
        return boost::json::array();
      case list:
        return elements(take(4), depth, true);
      case string:
        return byte_list(take(2));
      case map:
        return map_entries(take(4), depth);
      default:
        return std::nullopt;
    }
  }

 private:
  static std::optional<boost::json::value> as_value(std::optional<std::uint64_t> raw) {
    if (!raw) return std::nullopt;
    return boost::json::value(static_cast<std::int64_t>(*raw));
  }

  std::optional<boost::json::value> big() {
    auto count = take(1);
    auto sign = take(1);
    if (!count || !sign || *count > 8 || *sign > 1) return std::nullopt;
    auto digits = take_bytes(*count);
    if (!digits) return std::nullopt;
    std::uint64_t magnitude = 0;
    for (std::size_t i = digits->size(); i-- > 0;) {
      magnitude = (magnitude << 8) | static_cast<unsigned char>((*digits)[i]);
    }
    if (!*sign) return boost::json::value(magnitude);
    if (magnitude > static_cast<std::uint64_t>(INT64_MAX) + 1) return std::nullopt;
    return boost::json::value(static_cast<std::int64_t>(0 - magnitude));
  }

  std::optional<boost::json::value> text(std::optional<std::uint64_t> size) {
    if (!size) return std::nullopt;
    auto bytes = take_bytes(*size);
    if (!bytes) return std::nullopt;
    return boost::json::value(boost::json::string(*bytes));
  }

  std::optional<boost::json::value> atom(std::optional<std::uint64_t> size) {
    auto name = text(size);
    if (!name) return std::nullopt;
    const auto& string = name->get_string();
    if (string == "true") return boost::json::value(true);
    if (string == "false") return boost::json::value(false);
    if (string == "nil") return boost::json::value(nullptr);
    return name;
  }

  std::optional<boost::json::value> elements(std::optional<std::uint64_t> count, int depth,
                                             bool proper_list) {
    if (!count || *count > bytes_.size() - position_) return std::nullopt;  // ≥ 1 byte each
    boost::json::array items;
    items.reserve(*count);
    for (std::uint64_t i = 0; i < *count; ++i) {
      auto item = term(depth + 1);
      if (!item) return std::nullopt;
      items.push_back(std::move(*item));
    }
    if (proper_list && take(1) != std::optional<std::uint64_t>(nil)) return std::nullopt;
    return boost::json::value(std::move(items));
  }

  std::optional<boost::json::value> byte_list(std::optional<std::uint64_t> size) {
    if (!size) return std::nullopt;
    auto bytes = take_bytes(*size);
    if (!bytes) return std::nullopt;
    boost::json::array items;
    for (unsigned char byte : *bytes) items.emplace_back(static_cast<std::int64_t>(byte));
    return boost::json::value(std::move(items));
  }

  std::optional<boost::json::value> map_entries(std::optional<std::uint64_t> count, int depth) {
    if (!count || *count > bytes_.size() - position_) return std::nullopt;
    boost::json::object entries;
    for (std::uint64_t i = 0; i < *count; ++i) {
      auto key = term(depth + 1);
      if (!key || !key->is_string()) return std::nullopt;
      auto value = term(depth + 1);
      if (!value) return std::nullopt;
      entries[key->get_string()] = std::move(*value);
    }
    return boost::json::value(std::move(entries));
  }

  std::string_view bytes_;
  std::size_t position_ = 0;
  int max_depth_;
};

}  // namespace

void encode_tuple_header(std::size_t arity, std::string& out) {
  if (arity < 256) {
    put_u8(out, small_tuple);
    put_u8(out, static_cast<unsigned>(arity));
  } else {
    put_u8(out, large_tuple);
    put_u32(out, static_cast<std::uint32_t>(arity));
  }
}

void encode_integer(std::int64_t value, std::string& out) {
  if (value >= 0 && value < 256) {
    put_u8(out, small_integer);
    put_u8(out, static_cast<unsigned>(value));
  } else if (value >= INT32_MIN && value <= INT32_MAX) {
    put_u8(out, integer);
    put_u32(out, static_cast<std::uint32_t>(static_cast<std::int32_t>(value)));
  } else {
    bool negative = value < 0;
    encode_unsigned_big(
        negative ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value),
        negative, out);
  }
}

void encode_term(const boost::json::value& value, std::string& out) {
  switch (value.kind()) {
    case boost::json::kind::null:
      return encode_atom("nil", out);
    case boost::json::kind::bool_:
      return encode_atom(value.get_bool() ? "true" : "false", out);
    case boost::json::kind::int64:
      return encode_integer(value.get_int64(), out);
    case boost::json::kind::uint64:
      if (value.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
        return encode_integer(static_cast<std::int64_t>(value.get_uint64()), out);
      }
      return encode_unsigned_big(value.get_uint64(), false, out);
    case boost::json::kind::double_:
      put_u8(out, new_float);
      for (int shift = 56; shift >= 0; shift -= 8) {
        put_u8(out, (std::bit_cast<std::uint64_t>(value.get_double()) >> shift) & 0xFF);
      }
      return;
    case boost::json::kind::string:
      return encode_binary(value.get_string(), out);
    case boost::json::kind::array: {
      const auto& items = value.get_array();
      if (!items.empty()) {
        put_u8(out, list);
        put_u32(out, static_cast<std::uint32_t>(items.size()));
        for (const auto& item : items) encode_term(item, out);
      }
      put_u8(out, nil);
      return;
    }
    case boost::json::kind::object: {
      const auto& entries = value.get_object();
      put_u8(out, map);
      put_u32(out, static_cast<std::uint32_t>(entries.size()));
      for (const auto& [key, item] : entries) {
        encode_binary(key, out);
        encode_term(item, out);
      }
      return;
    }
  }
}

int nesting(const boost::json::value& value) {
  int deepest = 0;
  if (value.is_array()) {
    for (const auto& item : value.get_array()) deepest = std::max(deepest, 1 + nesting(item));
  } else if (value.is_object()) {
    for (const auto& entry : value.get_object()) {
      deepest = std::max(deepest, 1 + nesting(entry.value()));
    }
  }
  return deepest;
}

std::optional<boost::json::value> decode(std::string_view bytes, int max_depth) {
  Reader reader(bytes, max_depth);
  if (reader.take(1) != std::optional<std::uint64_t>(version)) return std::nullopt;
  auto term = reader.term(0);
  if (!term || !reader.done()) return std::nullopt;
  return term;
}

}  // namespace wick::detail::etf
