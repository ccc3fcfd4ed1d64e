#pragma once
// "chat:<room_id>": one user in one room.
//
// join {last_seen_id}      → ok {messages (≤ 50 newer than last_seen_id, oldest first), role,
//                            room}; error {reason: not_found | not_a_member | banned}. Joining
//                            a public room makes the user a member. Then presence (key user_id,
//                            meta {username, joined_at, status}) and presence_state.
// "message" {body}         → persisted, then broadcast "message" {id, body, user_id, username,
//                            inserted_at} and reply ok {id}; errors empty_message, too_long.
//                            Members named with @name get "mention" on "user:<id>".
// "typing_start"/"_stop"   → broadcast_from {user_id, username} / {user_id}
// "react" {message_id, emoji}  → persisted once per user, message and emoji; broadcast
//                            "reaction_added" {message_id, user_id, emoji}; error not_found.
// "load_more" {before_id}  → ok {messages} (50 older, oldest first)
// "delete_msg" {message_id}→ admins and moderators: soft delete, broadcast "msg_deleted"
//                            {message_id}; others: error unauthorized.
// "update_status" {status} → online | away | busy, in the presence meta.
//
// Every database call goes to the Database's threads; replies and broadcasts follow commits.
#include <memory>
#include <wick/wick.hpp>

#include "chat_context.hpp"

namespace chat {

class RoomChannel : public wick::Channel {
 public:
  explicit RoomChannel(std::shared_ptr<const ChatContext> context) : context_(std::move(context)) {}

  wick::JoinResult join(std::string_view topic, const wick::json::value& params) override;
  wick::Reply handle_in(std::string_view event, const wick::Payload& payload) override;
  void handle_info(const wick::json::value& message) override;
  void handle_out(std::string_view event, const wick::Payload& payload) override;

 private:
  // What a database write needs of the channel and of the push it answers.
  struct PushScope {
    std::shared_ptr<const ChatContext> chat;
    Id room;
    Id user;
    std::string topic;
    wick::ReplyHandle reply;
    /// A completion that answers error {"reason": why}.
    std::function<void()> refuse(std::string_view why) const;
  };
  using PushWrite = std::function<std::function<void()>(ChatStore&, const PushScope&)>;
  enum class AddsMessage : bool { no, yes };
  /// Runs `write` on the database writer; its completion answers the push (after the commit),
  /// a failed write answers {"reason":"unavailable"}. A write that adds a message to the room
  /// says so: its transaction orders the room's message ids (ChatStore::lock_rooms).
  wick::Reply write_and_reply(PushWrite write, AddsMessage adds = AddsMessage::no);

  wick::Reply send_message(const wick::json::object& params);
  wick::Reply react(const wick::json::object& params);
  wick::Reply load_more(const wick::json::object& params);
  wick::Reply delete_message(const wick::json::object& params);
  wick::Reply update_status(const wick::json::object& params);
  std::string presence_key() const { return std::to_string(user_id_); }

  std::shared_ptr<const ChatContext> context_;
  Id room_id_ = 0;
  Id user_id_ = 0;
  std::string username_;
};

}  // namespace chat
