#include "protocol/query_params.hpp"

#include <vector>

namespace wick::detail {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "a[b][]" → {"a", "b", ""}; an empty segment means "append to a list".
std::vector<std::string> split_key(const std::string& key) {
  std::vector<std::string> parts;
  std::size_t open = key.find('[');
  if (open == 0 || open == std::string::npos) return {key};
  parts.push_back(key.substr(0, open));
  while (open != std::string::npos && open < key.size() && key[open] == '[') {
    std::size_t close = key.find(']', open);
    if (close == std::string::npos) break;
    parts.push_back(key.substr(open + 1, close - open - 1));
    open = close + 1;
  }
  return parts;
}

void insert(boost::json::object& root, const std::vector<std::string>& path, std::string value) {
  boost::json::object* node = &root;
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    const std::string& next = path[i + 1];
    boost::json::value& slot = (*node)[path[i]];
    if (next.empty()) {
      // "k[]" appends; anything after "[]" is beyond what Plug supports here, so it stops.
      if (!slot.is_array()) slot = boost::json::array();
      slot.get_array().emplace_back(value);
      return;
    }
    if (!slot.is_object()) slot = boost::json::object();
    node = &slot.get_object();
  }
  (*node)[path.back()] = value;
}

}  // namespace

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

boost::json::object parse_query(std::string_view query) {
  boost::json::object params;
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    std::string key = percent_decode(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1));
    if (key.empty()) continue;
    insert(params, split_key(key), std::move(value));
  }
  return params;
}

}  // namespace wick::detail
