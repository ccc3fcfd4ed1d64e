// wick-rooms: the reference application of conformance tests and benchmarks.
//
//   wick-rooms [--port P] [--threads N] [--no-websocket] [--redis URL] ... [--config FILE]
//
// Its settings (`wick-rooms --help`) are those of every endpoint plus --static and the history
// of stream:* topics, from flags, a TOML file or WICK_* variables (apps/settings/settings.hpp).
//
// Socket /socket: connect accepts any params; user_id comes from the user_id param, else a
// counter (an anonymous socket). Channel "room:*": joining room:private fails with
// {"reason":"unauthorized"}; after a join whose params do not say {"presence": false}, user_id is
// tracked with meta
// {"online_at": <unix seconds>} and presence_state is pushed; "new_msg" broadcasts and replies
// ok {}; "ping" replies ok with the payload; "echo" pushes the payload back; "shout" broadcasts
// to everyone else; "crash" throws. A socket with a user_id param has the id
// "user_socket:<user_id>", so that a "disconnect" broadcast to it closes that user's sockets,
// on every node of a cluster; an anonymous socket has none (Phoenix's `id(_), do: nil`): nobody
// could name it.
//
// Channel "stream:*" is "room:*" with history (docs/recovery.md): --history-size broadcasts
// kept --history-ttl-ms each, a join recovering at most --recovery-cap.
//
// --redis URL joins the cluster of the nodes that share that Redis, under --node-name; see
// docs/cluster.md.
#include <unistd.h>

#include <atomic>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <wick/wick.hpp>

#include "endpoint_settings.hpp"
#include "settings.hpp"

namespace {

class RoomChannel : public wick::Channel {
 public:
  wick::JoinResult join(std::string_view topic, const wick::json::value& params) override {
    if (topic == "room:private") return wick::JoinResult::error({{"reason", "unauthorized"}});
    const auto* presence =
        params.is_object() ? params.as_object().if_contains("presence") : nullptr;
    if (!presence || *presence != false) send_self("after_join");
    return wick::JoinResult::ok();
  }

  void handle_info(const wick::json::value&) override {
    auto now = std::chrono::system_clock::now().time_since_epoch();
    presence().track(
        *this, user_key(),
        {{"online_at", std::chrono::duration_cast<std::chrono::seconds>(now).count()}});
    presence().push_state(*this);
  }

  wick::Reply handle_in(std::string_view event, const wick::Payload& payload) override {
    if (event == "new_msg") {
      broadcast("new_msg", payload);
      return wick::Reply::ok();
    }
    if (event == "ping") return wick::Reply::ok(payload);
    if (event == "echo") {
      push("echo", payload);
      return wick::Reply::none();
    }
    if (event == "shout") {
      broadcast_from("shout", payload);
      return wick::Reply::none();
    }
    if (event == "crash") throw std::runtime_error("crash requested by the client");
    return wick::Channel::handle_in(event, payload);
  }

 private:
  std::string user_key() const {
    const wick::json::value& user = assigns().at("user_id");
    return user.is_string() ? std::string(user.get_string()) : wick::json::serialize(user);
  }
};

class RoomSocket : public wick::SocketHandler {
 public:
  explicit RoomSocket(const wick::History& history) {
    channel<RoomChannel>("room:*");
    channel<RoomChannel>("stream:*").history(history);
  }

  bool connect(const wick::json::object& params, const wick::ConnectInfo&,
               wick::Socket& socket) override {
    if (const auto* user = params.if_contains("user_id")) {
      socket.assign("user_id", *user);
    } else {
      socket.assign("user_id", ++anonymous_);  // a number: no param is one
    }
    return true;
  }

  std::optional<std::string> id(const wick::Socket& socket) const override {
    const wick::json::value& user = socket.assigns().at("user_id");
    if (!user.is_string()) return std::nullopt;  // anonymous
    return "user_socket:" + std::string(user.get_string());
  }

 private:
  std::atomic<long> anonymous_{0};
};

struct Options {
  wick::EndpointConfig config;
  std::string static_dir;
  wick::History history;
};

void add_rooms_settings(apps::Settings& settings, Options& options) {
  apps::add_endpoint_settings(settings, options.config);
  settings.add("static", "a directory served at /; none: no files", options.static_dir);
  settings.add("history-size", "broadcasts kept per stream:* topic", options.history.size)
      .at_least(1);
  settings.add("history-ttl-ms", "how long a stream:* broadcast is kept", options.history.ttl)
      .at_least(1);
  settings.add("recovery-cap", "most broadcasts one join recovers", options.history.recovery_cap)
      .at_least(1);
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  apps::Settings settings("wick-rooms",
                          "The reference application of Wick's tests and benchmarks.");
  add_rooms_settings(settings, options);
  settings.parse(argc, argv);
  wick::Endpoint endpoint(options.config);
  try {
    endpoint.mount("/socket", std::make_shared<RoomSocket>(options.history));
  } catch (const std::invalid_argument& e) {
    settings.fail(e.what());
  }
  if (!options.static_dir.empty()) endpoint.serve_static("/", options.static_dir);
  try {
    endpoint.start();
  } catch (const std::exception& e) {
    std::cerr << "wick-rooms: " << e.what() << "\n";
    return 1;
  }
  std::printf("wick-rooms pid=%d port=%u\n", static_cast<int>(getpid()), endpoint.port());
  std::fflush(stdout);
  endpoint.run();
  return 0;
}
