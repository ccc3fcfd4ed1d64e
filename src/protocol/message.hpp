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
  /// JSON text of members to add to a JSON object payload (a stream position); nothing for
  /// other payloads.
  std::string_view extra_members = {};
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

/// Why client bytes are not a message: text (or binary) that is not a message of the protocol,
/// or a kind of frame the protocol does not take (binary on V1). The transport decides what
/// that costs the client (a WebSocket closes with 1007 or 1003, a long-poll POST gets 400).
enum class DecodeError : std::uint8_t { none, malformed, unsupported };

/// A decoded message, or why there is none.
struct Decoded {
  std::optional<Message> message;
  DecodeError error = DecodeError::none;
};

/// A server message as bytes, before any transport frames it, and whether they are binary.
struct EncodedMessage {
  std::string bytes;
  bool binary = false;
};

}  // namespace wick::detail
