#pragma once
// The presence scenario's client side: every connection's own copy of the topic's presence
// list, as phoenix.js keeps it (presence_state replaces it, presence_diff adds its joins and
// removes its leaves), at the cost of a scan rather than a JSON tree. 5,000 clients each
// reading a 5,000-user list is 25 million entries; building trees for them made wick-bench,
// not the server, the slowest part of the run. Keys are interned once per process and each
// list is a bitset over them.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace bench {

class PresenceLists {
 public:
  explicit PresenceLists(std::size_t clients) : lists_(clients), sizes_(clients) {}

  /// A V2 message for `client`; returns false when it is not a presence message.
  bool on_message(std::size_t client, std::string_view text);
  std::size_t size(std::size_t client) const { return sizes_[client]; }

 private:
  std::uint32_t intern(std::string_view key);
  void add_keys(std::size_t client, std::string_view object, bool present);
  void set(std::size_t client, std::uint32_t id, bool present);

  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const {
      return std::hash<std::string_view>{}(key);
    }
  };
  std::unordered_map<std::string, std::uint32_t, KeyHash, std::equal_to<>> ids_;
  std::vector<std::vector<std::uint64_t>> lists_;
  std::vector<std::size_t> sizes_;
};

/// Skips the JSON value that starts at `at` (after whitespace); returns the index after it, or
/// npos when the text ends first.
std::size_t skip_json_value(std::string_view text, std::size_t at);

}  // namespace bench
