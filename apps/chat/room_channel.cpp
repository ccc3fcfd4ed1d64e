#include "room_channel.hpp"

#include <algorithm>

#include "chat_json.hpp"
#include "mentions.hpp"

namespace chat {
namespace {

constexpr int page_size = 50;
constexpr std::size_t max_body_characters = 4000;
constexpr std::size_t max_emoji_bytes = 32;

wick::json::object reason(std::string_view text) { return {{"reason", text}}; }

const wick::json::object& params_of(const wick::Payload& payload) {
  static const wick::json::object empty;
  if (payload.is_binary() || !payload.json().is_object()) return empty;
  return payload.json().get_object();
}

std::size_t utf8_characters(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

}  // namespace

wick::JoinResult RoomChannel::join(std::string_view topic, const wick::json::value& params) {
  auto room = read_id(topic.substr(topic.find(':') + 1));
  if (!room) return wick::JoinResult::error(reason("not_found"));
  room_id_ = *room;
  user_id_ = assigns().at("user_id").as_int64();
  username_ = assigns().at("username").as_string();
  Id last_seen = 0;
  if (params.is_object())
    last_seen = read_id(params.as_object().if_contains("last_seen_id")).value_or(0);
  intercept({"user_banned"});

  auto pending = defer_join();
  auto me = self();
  Id room_id = room_id_;
  Id user = user_id_;
  context_->database.write(
      [=](ChatStore& store) -> std::function<void()> {
        auto refuse = [pending](std::string_view why) {
          return [pending, why = std::string(why)] {
            pending.send(wick::JoinResult::error(reason(why)));
          };
        };
        auto found = store.find_room(room_id);
        if (!found) return refuse("not_found");
        if (store.is_banned(room_id, user)) return refuse("banned");
        auto role = store.role(room_id, user);
        if (!role) {
          if (found->is_private) return refuse("not_a_member");
          store.set_member(room_id, user, Role::member);
          role = Role::member;
        }
        wick::json::object response{
            {"messages", messages_json(store.messages_after(room_id, last_seen, page_size))},
            {"role", to_string(*role)},
            {"room", room_json(*found)}};
        return [pending, me, response = std::move(response)] {
          pending.send(wick::JoinResult::ok(response));
          me.send("after_join");  // after the answer, so it finds the channel joined
        };
      },
      [pending] { pending.send(wick::JoinResult::error(reason("unavailable"))); });
  return wick::JoinResult::deferred();
}

void RoomChannel::handle_info(const wick::json::value& message) {
  if (message != "after_join") return;
  presence().track(
      *this, presence_key(),
      {{"username", username_}, {"joined_at", iso_time(now_ms())}, {"status", "online"}});
  presence().push_state(*this);
}

void RoomChannel::handle_out(std::string_view event, const wick::Payload& payload) {
  if (event == "user_banned" && !payload.is_binary() && payload.json().is_object()) {
    if (read_id(payload.json().as_object().if_contains("user_id")) == user_id_) {
      push("banned", {{"room_id", room_id_}});
      stop();
      return;
    }
  }
  push(event, payload);
}

wick::Reply RoomChannel::handle_in(std::string_view event, const wick::Payload& payload) {
  const wick::json::object& params = params_of(payload);
  if (event == "message") return send_message(params);
  if (event == "typing_start") {
    broadcast_from("typing_start", {{"user_id", user_id_}, {"username", username_}});
    return wick::Reply::none();
  }
  if (event == "typing_stop") {
    broadcast_from("typing_stop", {{"user_id", user_id_}});
    return wick::Reply::none();
  }
  if (event == "react") return react(params);
  if (event == "load_more") return load_more(params);
  if (event == "delete_msg") return delete_message(params);
  if (event == "update_status") return update_status(params);
  return wick::Reply::error(reason("unknown_event"));
}

// The write runs on the database's writer after this callback returned, so it gets copies.
wick::Reply RoomChannel::write_and_reply(PushWrite write, AddsMessage adds) {
  PushScope push{context_, room_id_, user_id_, topic(), defer_reply()};
  std::optional<Id> message_room;
  if (adds == AddsMessage::yes) message_room = room_id_;
  context_->database.write(
      [push, write = std::move(write)](ChatStore& store) { return write(store, push); },
      push.refuse("unavailable"), message_room);
  return wick::Reply::none();
}

std::function<void()> RoomChannel::PushScope::refuse(std::string_view why) const {
  return [reply = reply, why = std::string(why)] { reply.send(wick::Reply::error(reason(why))); };
}

wick::Reply RoomChannel::send_message(const wick::json::object& params) {
  const auto* given = params.if_contains("body");
  std::string body = given && given->is_string() ? std::string(given->get_string()) : "";
  if (blank(body)) return wick::Reply::error(reason("empty_message"));
  if (utf8_characters(body) > max_body_characters) return wick::Reply::error(reason("too_long"));
  return write_and_reply(
      [body](ChatStore& store, const PushScope& push) -> std::function<void()> {
        Message message = store.add_message(push.room, push.user, body, now_ms());
        std::vector<User> mentioned = store.members_named(push.room, mentioned_names(body));
        std::erase_if(mentioned, [&](const User& member) { return member.id == push.user; });
        return [push, message, mentioned] {
          push.chat->endpoint.broadcast(
              push.topic, "message",
              wick::json::object{{"id", message.id},
                                 {"body", message.body},
                                 {"user_id", message.user_id},
                                 {"username", message.username},
                                 {"inserted_at", iso_time(message.inserted_at_ms)}});
          push.reply.send(wick::Reply::ok({{"id", message.id}}));
          for (const User& member : mentioned) {
            push.chat->endpoint.broadcast("user:" + std::to_string(member.id), "mention",
                                          wick::json::object{{"room_id", push.room},
                                                             {"message_id", message.id},
                                                             {"from", message.username}});
          }
        };
      },
      AddsMessage::yes);
}

wick::Reply RoomChannel::react(const wick::json::object& params) {
  auto message = read_id(params.if_contains("message_id"));
  const auto* emoji_value = params.if_contains("emoji");
  if (!message) return wick::Reply::error(reason("not_found"));
  if (!emoji_value || !emoji_value->is_string() || emoji_value->get_string().empty() ||
      emoji_value->get_string().size() > max_emoji_bytes) {
    return wick::Reply::error(reason("invalid_emoji"));
  }
  std::string emoji(emoji_value->get_string());
  return write_and_reply([message = *message, emoji](
                             ChatStore& store, const PushScope& push) -> std::function<void()> {
    if (!store.message_visible(push.room, message)) return push.refuse("not_found");
    bool added = store.add_reaction(message, push.user, emoji, now_ms());
    return [push, message, emoji, added] {
      if (added) {
        push.chat->endpoint.broadcast(
            push.topic, "reaction_added",
            wick::json::object{{"message_id", message}, {"user_id", push.user}, {"emoji", emoji}});
      }
      push.reply.send(wick::Reply::ok({{"added", added}}));
    };
  });
}

wick::Reply RoomChannel::load_more(const wick::json::object& params) {
  auto before = read_id(params.if_contains("before_id"));
  if (!before) return wick::Reply::error(reason("invalid_before_id"));
  auto reply = defer_reply();
  Id room = room_id_;
  context_->database.read([=](ChatStore& store) {
    try {
      reply.send(wick::Reply::ok(
          {{"messages", messages_json(store.messages_before(room, *before, page_size))}}));
    } catch (const std::exception&) {
      reply.send(wick::Reply::error(reason("unavailable")));
      throw;  // logged by the reader pool
    }
  });
  return wick::Reply::none();
}

wick::Reply RoomChannel::delete_message(const wick::json::object& params) {
  auto message = read_id(params.if_contains("message_id"));
  if (!message) return wick::Reply::error(reason("not_found"));
  return write_and_reply(
      [message = *message](ChatStore& store, const PushScope& push) -> std::function<void()> {
        auto role = store.role(push.room, push.user);
        if (role != Role::admin && role != Role::moderator) return push.refuse("unauthorized");
        if (!store.soft_delete(push.room, message, now_ms())) return push.refuse("not_found");
        return [push, message] {
          push.chat->endpoint.broadcast(push.topic, "msg_deleted",
                                        wick::json::object{{"message_id", message}});
          push.reply.send(wick::Reply::ok());
        };
      });
}

wick::Reply RoomChannel::update_status(const wick::json::object& params) {
  const auto* status = params.if_contains("status");
  if (!status || !status->is_string() ||
      (status->get_string() != "online" && status->get_string() != "away" &&
       status->get_string() != "busy")) {
    return wick::Reply::error(reason("invalid_status"));
  }
  std::string value(status->get_string());
  presence().update(*this, presence_key(), [&](const wick::json::object& meta) {
    wick::json::object changed = meta;
    changed["status"] = value;
    return changed;
  });
  return wick::Reply::ok({{"status", value}});
}

}  // namespace chat
