#include "chat_json.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace chat {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string iso_time(std::int64_t unix_ms) {
  std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(unix_ms % 1000));
  return text;
}

wick::json::object message_json(const Message& message) {
  wick::json::object reactions;
  for (const auto& [emoji, users] : message.reactions) {
    reactions[emoji] = wick::json::array(users.begin(), users.end());
  }
  return {{"id", message.id},
          {"body", message.body},
          {"user_id", message.user_id},
          {"username", message.username},
          {"inserted_at", iso_time(message.inserted_at_ms)},
          {"reactions", std::move(reactions)}};
}

wick::json::array messages_json(const std::vector<Message>& messages) {
  wick::json::array out;
  out.reserve(messages.size());
  for (const auto& message : messages) out.push_back(message_json(message));
  return out;
}

wick::json::object room_json(const Room& room) {
  return {{"id", room.id}, {"name", room.name}, {"private", room.is_private}};
}

std::optional<Id> read_id(std::string_view text) {
  Id id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

std::optional<Id> read_id(const wick::json::value* value) {
  if (!value) return std::nullopt;
  if (value->is_int64() && value->get_int64() > 0) return value->get_int64();
  if (value->is_uint64() && value->get_uint64() <= INT64_MAX && value->get_uint64() > 0) {
    return static_cast<Id>(value->get_uint64());
  }
  if (value->is_string()) return read_id(std::string_view(value->get_string()));
  return std::nullopt;
}

}  // namespace chat
