// wick-rooms: the reference application of conformance tests and benchmarks.
//
//   wick-rooms [--port P] [--host H] [--threads N] [--api-key KEY] [--presence-window-ms MS]
//              [--static DIR] [--no-websocket] [--no-longpoll] [--longpoll-window-ms MS]
//              [--messages-per-second R] [--redis URL] [--node-name NAME]
//              [--node-down-ms MS] [--history-size N] [--history-ttl-ms MS] [--recovery-cap N]
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
// (default 100) kept --history-ttl-ms (default 120000) each, a join recovering at most
// --recovery-cap (default 300).
//
// --redis URL (or WICK_REDIS_URL) joins the cluster of the nodes that share that Redis, under
// --node-name (default: host:port); see docs/cluster.md.
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

[[noreturn]] void usage(const char* problem) {
  std::cerr << "wick-rooms: " << problem << "\n"
            << "usage: wick-rooms [--port P] [--host H] [--threads N] [--api-key KEY]\n"
            << "                  [--presence-window-ms MS] [--static DIR]\n"
            << "                  [--no-websocket] [--no-longpoll] [--longpoll-window-ms MS]\n"
            << "                  [--messages-per-second R] [--redis URL] [--node-name NAME]\n"
            << "                  [--node-down-ms MS] [--history-size N]\n"
            << "                  [--history-ttl-ms MS] [--recovery-cap N]\n";
  std::exit(2);
}

struct Options {
  wick::EndpointConfig config;
  std::string static_dir;
  wick::History history;
};

Options parse_args(int argc, char** argv) {
  Options options;
  wick::EndpointConfig& config = options.config;
  if (const char* key = std::getenv("WICK_API_KEY")) config.api_key = key;
  if (const char* url = std::getenv("WICK_REDIS_URL")) config.redis_url = url;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") usage("help");
    if (flag == "--no-websocket" || flag == "--no-longpoll") {
      (flag == "--no-websocket" ? config.websocket : config.longpoll) = false;
      continue;
    }
    if (i + 1 >= argc) usage(("missing value for " + flag).c_str());
    std::string value = argv[++i];
    try {
      if (flag == "--port")
        config.port = static_cast<std::uint16_t>(std::stoul(value));
      else if (flag == "--host")
        config.host = value;
      else if (flag == "--threads")
        config.threads = static_cast<unsigned>(std::stoul(value));
      else if (flag == "--api-key")
        config.api_key = value;
      else if (flag == "--static")
        options.static_dir = value;
      else if (flag == "--messages-per-second")
        // A per-socket rate limit, off by default as in Phoenix; the burst is two seconds' worth.
        config.messages_per_second = std::stod(value);
      else if (flag == "--longpoll-window-ms")
        config.longpoll_window = std::chrono::milliseconds(std::stol(value));
      else if (flag == "--redis")
        config.redis_url = value;
      else if (flag == "--node-name")
        config.node_name = value;
      else if (flag == "--node-down-ms")
        config.node_down = std::chrono::milliseconds(std::stol(value));
      else if (flag == "--history-size")
        options.history.size = std::stoul(value);
      else if (flag == "--history-ttl-ms")
        options.history.ttl = std::chrono::milliseconds(std::stol(value));
      else if (flag == "--recovery-cap")
        options.history.recovery_cap = std::stoul(value);
      else if (flag == "--presence-window-ms")
        config.presence_window = std::chrono::milliseconds(std::stol(value));
      else
        usage(("unknown flag " + flag).c_str());
    } catch (const std::logic_error&) {
      usage(("bad value for " + flag).c_str());
    }
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  Options options = parse_args(argc, argv);
  wick::Endpoint endpoint(options.config);
  try {
    endpoint.mount("/socket", std::make_shared<RoomSocket>(options.history));
  } catch (const std::invalid_argument& e) {
    usage(e.what());
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
