#pragma once
// The chat's wire shapes, in one place: messages, rooms, times, and reading ids from payloads.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>
#include <wick/payload.hpp>

#include "storage/chat_store.hpp"

namespace chat {

std::int64_t now_ms();
/// "2026-11-27T23:59:01.123Z"
std::string iso_time(std::int64_t unix_ms);

/// {id, body, user_id, username, inserted_at, reactions: {emoji: [user_id, ...]}}
wick::json::object message_json(const Message& message);
wick::json::array messages_json(const std::vector<Message>& messages);
/// {id, name, private}
wick::json::object room_json(const Room& room);

/// A positive id from a JSON number or a decimal string.
std::optional<Id> read_id(const wick::json::value* value);
std::optional<Id> read_id(std::string_view text);

}  // namespace chat
