#pragma once
// One broadcast on its way to subscribers. Each serializer version's frame is encoded the first
// time a subscriber of that version needs it, once, whichever loop asks first; every
// subscriber then gets a reference to the same bytes. A broadcast on a topic with history
// carries its position in the topic's stream, which its frames add to the payload object.
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <wick/payload.hpp>

#include "net/shared_frame.hpp"
#include "protocol/serializer.hpp"
#include "protocol/stream_position.hpp"

namespace wick::detail {

class BroadcastMessage {
 public:
  /// `from`: the connection whose channel on `topic` must not receive it (0: none). `offset`
  /// and `epoch`: its position in the topic's stream (0 and null: it has none).
  BroadcastMessage(std::string topic, std::string event, Payload payload, std::uint64_t from,
                   std::uint64_t offset = 0, std::shared_ptr<const std::string> epoch = nullptr);

  const std::string& topic() const { return topic_; }
  const std::string& event() const { return event_; }
  const Payload& payload() const { return payload_; }
  std::uint64_t from() const { return from_; }
  /// Whether the message has a place in its topic's stream.
  bool positioned() const { return epoch_ != nullptr; }
  std::uint64_t offset() const { return offset_; }
  /// Only when positioned().
  const std::string& epoch() const { return *epoch_; }
  StreamPosition position() const { return {offset_, epoch_ ? *epoch_ : std::string()}; }
  /// The complete frame for subscribers of `version`; empty when it cannot be encoded.
  const SharedFrame& frame(SerializerVersion version) const;

 private:
  std::string topic_;
  std::string event_;
  Payload payload_;
  std::uint64_t from_;
  std::uint64_t offset_;
  std::shared_ptr<const std::string> epoch_;
  mutable std::once_flag encoded_[serializer_version_count];
  mutable SharedFrame frames_[serializer_version_count];
};

}  // namespace wick::detail
