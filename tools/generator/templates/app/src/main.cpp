// {{app}}: one socket at /socket and its channels, and the page at /.
//
//   PORT=4000 build/{{app}}        then open http://127.0.0.1:4000
//
// `wick gen channel Name` adds a channel: a header in src/ and a test in test/, registered
// below.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <wick/wick.hpp>

// wick:channel-includes (wick gen channel adds its includes above this line)
#include "lobby_channel.hpp"

class UserSocket : public wick::SocketHandler {
 public:
  UserSocket() {
    channel<LobbyChannel>("lobby:*");
    // wick:channels (wick gen channel registers its channels above this line)
  }

  // Every connection is let in and named by its "name" param. Authenticate here: verify a
  // token with wick::verify_token and refuse (return false: HTTP 403) what does not pass.
  bool connect(const wick::json::object& params, const wick::ConnectInfo&,
               wick::Socket& socket) override {
    const auto* name = params.if_contains("name");
    socket.assign("name", name && name->is_string() ? *name : wick::json::value("anonymous"));
    return true;
  }
};

int main() {
  wick::EndpointConfig config;  // 127.0.0.1:4000, one event loop per core
  if (const char* port = std::getenv("PORT"))
    config.port = static_cast<std::uint16_t>(std::atoi(port));
  wick::Endpoint endpoint(config);
  endpoint.mount("/socket", std::make_shared<UserSocket>());
  endpoint.serve_static("/", WEB_DIR);
  endpoint.start();
  std::printf("{{app}} port=%u\n", endpoint.port());
  std::fflush(stdout);
  endpoint.run();  // until SIGINT or SIGTERM, then a graceful shutdown
}
