#pragma once
// The chat's socket at /socket: connect verifies params.token (a token from /api/login or
// /api/register) and assigns user_id and username; the socket's id is "user_socket:<user_id>",
// so that broadcasting "disconnect" there signs the user out everywhere.
//
// Topics: "chat:<room_id>" (RoomChannel) and "user:<user_id>" (UserChannel).
#include <memory>
#include <wick/wick.hpp>

#include "chat_context.hpp"

namespace chat {

class ChatSocket : public wick::SocketHandler {
 public:
  explicit ChatSocket(std::shared_ptr<const ChatContext> context);

  bool connect(const wick::json::object& params, const wick::ConnectInfo& info,
               wick::Socket& socket) override;
  std::optional<std::string> id(const wick::Socket& socket) const override;

 private:
  std::shared_ptr<const ChatContext> context_;
};

/// "user:<id>": the user's own notifications ("mention"); only that user may join.
class UserChannel : public wick::Channel {
 public:
  wick::JoinResult join(std::string_view topic, const wick::json::value& params) override;
};

}  // namespace chat
