// The README's example: a socket that needs a name, and a lobby channel that welcomes the
// user after joining and relays shouts to everyone in the room.
//
//   PORT=4000 build/bin/wick-lobby
#include <cstdio>
#include <cstdlib>
#include <wick/wick.hpp>

class LobbyChannel : public wick::Channel {
 public:
  wick::JoinResult join(std::string_view topic, const wick::json::value&) override {
    send_self("after_join");  // pushes must wait for the join reply: do it right after
    return wick::JoinResult::ok({{"topic", topic}});
  }

  void handle_info(const wick::json::value&) override {
    push("welcome", {{"name", assigns().at("name")}});
  }

  wick::Reply handle_in(std::string_view event, const wick::Payload& payload) override {
    if (event == "shout") {
      broadcast("shout", {{"from", assigns().at("name")}, {"text", payload.json().at("text")}});
      return wick::Reply::ok();
    }
    return wick::Reply::error({{"reason", "unknown event"}});
  }
};

class UserSocket : public wick::SocketHandler {
 public:
  UserSocket() { channel<LobbyChannel>("lobby:*"); }

  bool connect(const wick::json::object& params, const wick::ConnectInfo&,
               wick::Socket& socket) override {
    const auto* name = params.if_contains("name");
    if (!name || name->as_string().empty()) return false;  // HTTP 403
    socket.assign("name", *name);
    return true;
  }
};

int main() {
  wick::EndpointConfig config;  // 127.0.0.1:4000, one event loop per core
  if (const char* port = std::getenv("PORT")) config.port = std::atoi(port);
  wick::Endpoint endpoint(config);
  endpoint.mount("/socket", std::make_shared<UserSocket>());
  endpoint.start();
  std::printf("wick-lobby port=%u\n", endpoint.port());
  std::fflush(stdout);
  endpoint.run();  // until SIGINT/SIGTERM, then a graceful shutdown
}
