#pragma once
// The unit every serializer carries: (join_ref, ref, topic, event, payload).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <wick/payload.hpp>

namespace wick::detail {

/// A decoded client message.
struct Message {
  std::optional<std::string> join_ref;
  std::optional<std::string> ref;
  std::string topic;
  std::string event;
  Payload payload;
};

/// A server message to encode: a push (join_ref set), a broadcast (no refs) or a control
/// frame such as phx_close (ref = join_ref). Views must outlive the encode call.
struct OutMessage {
  std::optional<std::string_view> join_ref;
  std::optional<std::string_view> ref;
  std::string_view topic;
  std::string_view event;
  const Payload& payload;
};

/// A server message whose payload is JSON text already: a payload serialized once and framed
/// for many recipients (a presence_state snapshot), or a reply's {"status","response"}.
struct OutJsonMessage {
  std::optional<std::string_view> join_ref;
  std::optional<std::string_view> ref;
  std::string_view topic;
  std::string_view event;
  std::string_view payload_json;
};

/// Where a reply goes: the channel's join_ref and the ref of the message answered.
struct ReplyAddress {
  std::optional<std::string_view> join_ref;
  std::optional<std::string_view> ref;
  std::string_view topic;
};

/// A decoded message, or the close code the connection must end with.
struct Decoded {
  std::optional<Message> message;
  std::uint16_t close_code = 0;
};

}  // namespace wick::detail
