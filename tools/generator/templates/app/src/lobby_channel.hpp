#pragma once
// The lobby: "ping" is answered, "shout" goes to everyone in the topic.
#include <string_view>
#include <wick/wick.hpp>

class LobbyChannel : public wick::Channel {
 public:
  wick::JoinResult join(std::string_view topic, const wick::json::value&) override {
    return wick::JoinResult::ok({{"topic", topic}});
  }

  wick::Reply handle_in(std::string_view event, const wick::Payload& payload) override {
    if (event == "ping") return wick::Reply::ok(payload);
    if (event == "shout") {
      broadcast("shout", {{"from", assigns().at("name")}, {"body", payload.json()}});
      return wick::Reply::ok();
    }
    return wick::Reply::error({{"reason", "unknown event"}});
  }
};
