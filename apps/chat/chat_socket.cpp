#include "chat_socket.hpp"

#include "room_channel.hpp"

namespace chat {
namespace {

// A room's broadcasts are kept five minutes, up to 1,000 of them: a tab that lost its connection
// during a burst rejoins where it left off and gets every message, reaction and delete it missed,
// in order, once (docs/recovery.md); past that it falls back to last_seen_id.
constexpr wick::History room_history{
    .size = 1000, .ttl = std::chrono::minutes(5), .recovery_cap = 1000};

}  // namespace

ChatSocket::ChatSocket(std::shared_ptr<const ChatContext> context) : context_(context) {
  channel<RoomChannel>("chat:*", context).history(room_history);
  channel<UserChannel>("user:*");
}

bool ChatSocket::connect(const wick::json::object& params, const wick::ConnectInfo&,
                         wick::Socket& socket) {
  const auto* token = params.if_contains("token");
  if (!token || !token->is_string()) return false;
  auto identity = context_->identify(token->get_string());
  if (!identity) return false;
  socket.assign("user_id", identity->user_id);
  socket.assign("username", wick::json::string(identity->username));
  return true;
}

std::optional<std::string> ChatSocket::id(const wick::Socket& socket) const {
  return "user_socket:" + std::to_string(socket.assigns().at("user_id").as_int64());
}

wick::JoinResult UserChannel::join(std::string_view topic, const wick::json::value&) {
  std::string own = "user:" + std::to_string(assigns().at("user_id").as_int64());
  if (topic != own) return wick::JoinResult::error({{"reason", "unauthorized"}});
  return wick::JoinResult::ok();
}

}  // namespace chat
