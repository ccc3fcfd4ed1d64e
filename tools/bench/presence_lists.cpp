#include "presence_lists.hpp"

#include <algorithm>

namespace bench {
namespace {

constexpr std::size_t npos = std::string_view::npos;

std::size_t skip_space(std::string_view text, std::size_t at) {
  while (at < text.size() &&
         (text[at] == ' ' || text[at] == '\n' || text[at] == '\r' || text[at] == '\t')) {
    ++at;
  }
  return at;
}

// `at` is on the opening quote; returns the index after the closing one. A byte loop: the
// strings here are a few bytes long, shorter than a memchr call is worth.
std::size_t skip_string(std::string_view text, std::size_t at) {
  for (++at; at < text.size(); ++at) {
    if (text[at] == '\\') {
      ++at;
    } else if (text[at] == '"') {
      return at + 1;
    }
  }
  return npos;
}

// The element `index` (0-based) of the JSON array `text`, as text; empty when missing.
std::string_view array_element(std::string_view text, std::size_t index) {
  std::size_t at = skip_space(text, 0);
  if (at >= text.size() || text[at] != '[') return {};
  ++at;
  for (std::size_t i = 0;; ++i) {
    std::size_t start = skip_space(text, at);
    std::size_t end = skip_json_value(text, start);
    if (end == npos) return {};
    if (i == index) return text.substr(start, end - start);
    at = skip_space(text, end);
    if (at >= text.size() || text[at] != ',') return {};
    ++at;
  }
}

// Calls fn(key, value) for each member of the JSON object `text` (keys as raw text).
template <class Fn>
void for_each_member(std::string_view text, Fn&& fn) {
  std::size_t at = skip_space(text, 0);
  if (at >= text.size() || text[at] != '{') return;
  at = skip_space(text, at + 1);
  while (at < text.size() && text[at] == '"') {
    std::size_t key_end = skip_string(text, at);
    if (key_end == npos) return;
    std::string_view key = text.substr(at + 1, key_end - at - 2);
    at = skip_space(text, key_end);
    if (at >= text.size() || text[at] != ':') return;
    std::size_t start = skip_space(text, at + 1);
    std::size_t end = skip_json_value(text, start);
    if (end == npos) return;
    fn(key, text.substr(start, end - start));
    at = skip_space(text, end);
    if (at >= text.size() || text[at] != ',') return;
    at = skip_space(text, at + 1);
  }
}

}  // namespace

std::size_t skip_json_value(std::string_view text, std::size_t at) {
  at = skip_space(text, at);
  if (at >= text.size()) return npos;
  if (text[at] == '"') return skip_string(text, at);
  if (text[at] != '{' && text[at] != '[') {
    while (at < text.size() && text[at] != ',' && text[at] != '}' && text[at] != ']') ++at;
    return at;
  }
  // One pass over the bytes, tracking strings (whose brackets do not count) and depth.
  int depth = 0;
  bool in_string = false;
  for (; at < text.size(); ++at) {
    char c = text[at];
    if (in_string) {
      if (c == '\\') {
        ++at;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      return at + 1;
    }
  }
  return npos;
}

bool PresenceLists::on_message(std::size_t client, std::string_view text) {
  std::string_view event = array_element(text, 3);
  bool state = event == "\"presence_state\"";
  if (!state && event != "\"presence_diff\"") return false;
  std::string_view payload = array_element(text, 4);
  if (state) {
    std::fill(lists_[client].begin(), lists_[client].end(), 0);
    sizes_[client] = 0;
    add_keys(client, payload, true);
    return true;
  }
  for_each_member(payload, [&](std::string_view half, std::string_view list) {
    if (half == "joins" || half == "leaves") add_keys(client, list, half == "joins");
  });
  return true;
}

void PresenceLists::add_keys(std::size_t client, std::string_view object, bool present) {
  for_each_member(
      object, [&](std::string_view key, std::string_view) { set(client, intern(key), present); });
}

std::uint32_t PresenceLists::intern(std::string_view key) {
  if (auto it = ids_.find(key); it != ids_.end()) return it->second;
  auto id = static_cast<std::uint32_t>(ids_.size());
  ids_.emplace(std::string(key), id);
  return id;
}

void PresenceLists::set(std::size_t client, std::uint32_t id, bool present) {
  std::vector<std::uint64_t>& bits = lists_[client];
  if (bits.size() <= id / 64) bits.resize(id / 64 + 1);
  std::uint64_t mask = std::uint64_t{1} << (id % 64);
  bool was = (bits[id / 64] & mask) != 0;
  if (was == present) return;
  bits[id / 64] ^= mask;
  sizes_[client] += present ? 1 : static_cast<std::size_t>(-1);
}

}  // namespace bench
