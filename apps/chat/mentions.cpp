#include "mentions.hpp"

#include <algorithm>

namespace chat {
namespace {

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

bool valid_username(std::string_view name) {
  return name.size() >= 3 && name.size() <= 32 && std::all_of(name.begin(), name.end(), name_char);
}

std::vector<std::string> mentioned_names(std::string_view body) {
  std::vector<std::string> names;
  for (std::size_t at = body.find('@'); at != std::string_view::npos; at = body.find('@', at + 1)) {
    // "a@b" is an address, not a mention.
    if (at > 0 && name_char(body[at - 1])) continue;
    std::size_t end = at + 1;
    while (end < body.size() && name_char(body[end])) ++end;
    std::string name(body.substr(at + 1, end - at - 1));
    if (valid_username(name) && std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(std::move(name));
    }
  }
  return names;
}

}  // namespace chat
