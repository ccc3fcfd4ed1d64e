#include "protocol.hpp"

namespace bench {
namespace {

// Phoenix V2: [join_ref, ref, topic, event, payload]. Every connection joins one topic with
// join_ref "1"; replies are phx_reply with the request's ref.
class PhoenixProtocol final : public Protocol {
 public:
  std::string upgrade_target() const override { return "/socket/websocket?vsn=2.0.0"; }
  std::string greeting() const override { return ""; }
  bool is_greeted(std::string_view) const override { return true; }
  std::string answer(std::string_view) const override { return ""; }
  std::string heartbeat() const override { return R"([null,"h","phoenix","heartbeat",{}])"; }

  std::string join(std::string_view topic, bool presence) const override {
    return R"(["1","1",")" + std::string(topic) + R"(","phx_join",)" +
           (presence ? "{}" : R"({"presence":false})") + "]";
  }
  bool is_join_ok(std::string_view text) const override {
    return text.find("\"phx_reply\"") != std::string_view::npos &&
           text.find("\"status\":\"ok\"") != std::string_view::npos;
  }
  std::string publish(std::string_view topic, std::string_view body) const override {
    return R"(["1",null,")" + std::string(topic) + R"(","new_msg",)" + std::string(body) + "]";
  }
  std::string request(std::string_view topic, std::string_view body) const override {
    return R"(["1","p",")" + std::string(topic) + R"(","ping",)" + std::string(body) + "]";
  }
  bool is_reply(std::string_view text) const override {
    return text.find("\"phx_reply\"") != std::string_view::npos;
  }
};

// Socket.IO 4 over Engine.IO v4 (WebSocket only). Engine.IO packet types are one digit (2 ping,
// 3 pong, 4 message); a message carries a Socket.IO packet (0 connect, 2 event, 3 ack) with an
// optional ack id before its JSON array. The peer server (bench/peers/socketio) acks "join" and
// "echo", and relays "new_msg" to the topic's room.
class SocketIoProtocol final : public Protocol {
 public:
  std::string upgrade_target() const override { return "/socket.io/?EIO=4&transport=websocket"; }
  // Events sent before the namespace's connect answer ("40{"sid":…}") are refused.
  std::string greeting() const override { return "40"; }  // connect to the main namespace
  bool is_greeted(std::string_view text) const override { return text.starts_with("40"); }
  std::string answer(std::string_view text) const override { return text == "2" ? "3" : ""; }
  std::string heartbeat() const override { return ""; }

  std::string join(std::string_view topic, bool) const override {
    return R"(421["join",")" + std::string(topic) + R"("])";
  }
  bool is_join_ok(std::string_view text) const override { return text.starts_with("431["); }
  std::string publish(std::string_view topic, std::string_view body) const override {
    return R"(42["new_msg",")" + std::string(topic) + R"(",)" + std::string(body) + "]";
  }
  std::string request(std::string_view, std::string_view body) const override {
    return R"(422["echo",)" + std::string(body) + "]";
  }
  bool is_reply(std::string_view text) const override { return text.starts_with("432["); }
};

}  // namespace

std::unique_ptr<Protocol> make_protocol(std::string_view name) {
  if (name == "phoenix") return std::make_unique<PhoenixProtocol>();
  if (name == "socketio") return std::make_unique<SocketIoProtocol>();
  return nullptr;
}

}  // namespace bench
