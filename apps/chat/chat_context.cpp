#include "chat_context.hpp"

namespace chat {

std::optional<ChatContext::Identity> ChatContext::identify(std::string_view token) const {
  wick::TokenCheck check = tokens.verify(token, {.max_age = token_max_age});
  if (!check || !check.data.is_object()) return std::nullopt;
  const auto& data = check.data.get_object();
  const auto* user_id = data.if_contains("user_id");
  const auto* username = data.if_contains("username");
  if (!user_id || !user_id->is_int64() || !username || !username->is_string()) {
    return std::nullopt;
  }
  return Identity{user_id->get_int64(), std::string(username->get_string())};
}

std::string ChatContext::sign(const Identity& identity) const {
  return tokens.sign(
      wick::json::object{{"user_id", identity.user_id}, {"username", identity.username}},
      {.max_age = token_max_age});
}

}  // namespace chat
