#pragma once
// The one frame a server message travels in, whichever transport carries it: a WebSocket frame
// (text, or binary for binary payloads) around the serializer's bytes. A WebSocket queues it
// whole; a long-poll session sends its payload(). Built once per message and serializer, and
// shared by every client that gets the same bytes.
#include <optional>

#include "net/shared_frame.hpp"
#include "protocol/message.hpp"

namespace wick::detail {

SharedFrame message_frame(const EncodedMessage& message);
/// An empty frame for a message that could not be encoded.
SharedFrame message_frame(const std::optional<EncodedMessage>& message);

}  // namespace wick::detail
