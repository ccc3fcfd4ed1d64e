#include "transport/message_frame.hpp"

#include "transport/websocket_codec.hpp"

namespace wick::detail {

SharedFrame message_frame(const EncodedMessage& message) {
  return ws::make_frame(message.binary ? ws::Opcode::binary : ws::Opcode::text, message.bytes);
}

SharedFrame message_frame(const std::optional<EncodedMessage>& message) {
  return message ? message_frame(*message) : SharedFrame();
}

}  // namespace wick::detail
