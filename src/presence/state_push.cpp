#include "presence/state_push.hpp"

#include "transport/message_frame.hpp"

namespace wick::detail {

SharedFrame StatePush::frame(const Serializer& serializer,
                             const std::optional<std::string>& join_ref) {
  std::lock_guard lock(mutex_);
  SharedFrame& frame = frames_[{&serializer, join_ref}];
  if (!frame) {
    frame = message_frame(
        serializer.encode_json({join_ref, std::nullopt, topic_, "presence_state", payload_json_}));
  }
  return frame;
}

}  // namespace wick::detail
