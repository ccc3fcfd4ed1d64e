#pragma once
// {{Class}}: the topics "{{topic}}:*" (made by `wick gen channel {{Name}}`). A join is let in
// and answered ok; "ping" is answered with its payload; "shout" goes to everyone in the topic.
// Refuse a join with wick::JoinResult::error({{"reason", "unauthorized"}}).
#include <string_view>
#include <wick/wick.hpp>

class {{Class}} : public wick::Channel {
 public:
  wick::JoinResult join(std::string_view, const wick::json::value&) override {
    return wick::JoinResult::ok();
  }

  wick::Reply handle_in(std::string_view event, const wick::Payload& payload) override {
    if (event == "ping") return wick::Reply::ok(payload);
    if (event == "shout") {
      broadcast("shout", payload);
      return wick::Reply::ok();
    }
    return wick::Reply::error({{"reason", "unknown event"}});
  }
};
