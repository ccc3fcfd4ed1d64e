#include "pubsub/broadcast_message.hpp"

#include "transport/message_frame.hpp"

namespace wick::detail {

BroadcastMessage::BroadcastMessage(std::string topic, std::string event, Payload payload,
                                   std::uint64_t from, std::uint64_t offset,
                                   std::shared_ptr<const std::string> epoch)
    : topic_(std::move(topic)),
      event_(std::move(event)),
      payload_(std::move(payload)),
      from_(from),
      offset_(offset),
      epoch_(std::move(epoch)) {}

const SharedFrame& BroadcastMessage::frame(SerializerVersion version) const {
  auto index = static_cast<std::size_t>(version);
  std::call_once(encoded_[index], [&] {
    std::string position = epoch_ ? position_member(offset_, *epoch_) : std::string();
    frames_[index] = message_frame(serializer_for(version).encode(
        {std::nullopt, std::nullopt, topic_, event_, payload_, position}));
  });
  return frames_[index];
}

}  // namespace wick::detail
