#include "storage/chat_store.hpp"

#include <algorithm>

namespace chat {

std::string_view to_string(Role role) {
  switch (role) {
    case Role::admin:
      return "admin";
    case Role::moderator:
      return "moderator";
    default:
      return "member";
  }
}

std::optional<Role> role_from_string(std::string_view text) {
  if (text == "member") return Role::member;
  if (text == "moderator") return Role::moderator;
  if (text == "admin") return Role::admin;
  return std::nullopt;
}

void add_reaction_to_page(std::vector<Message>& page, Id message, std::string emoji, Id user) {
  auto it = std::lower_bound(page.begin(), page.end(), message,
                             [](const Message& m, Id id) { return m.id < id; });
  if (it != page.end() && it->id == message) it->reactions[std::move(emoji)].push_back(user);
}

}  // namespace chat
