#pragma once
// One broadcast on its way to subscribers. Each serializer version's frame is encoded the first
// time a subscriber of that version needs it, once, whichever loop asks first; every
// subscriber then gets a reference to the same bytes.
#include <cstdint>
#include <mutex>
#include <string>
#include <wick/payload.hpp>

#include "net/shared_frame.hpp"
#include "protocol/serializer.hpp"

namespace wick::detail {

class BroadcastMessage {
 public:
  /// `from`: the connection whose channel on `topic` must not receive it (0: none).
  BroadcastMessage(std::string topic, std::string event, Payload payload, std::uint64_t from);

  const std::string& topic() const { return topic_; }
  const std::string& event() const { return event_; }
  const Payload& payload() const { return payload_; }
  std::uint64_t from() const { return from_; }
  /// The complete frame for subscribers of `version`; empty when it cannot be encoded.
  const SharedFrame& frame(SerializerVersion version) const;

 private:
  std::string topic_;
  std::string event_;
  Payload payload_;
  std::uint64_t from_;
  mutable std::once_flag encoded_[serializer_version_count];
  mutable SharedFrame frames_[serializer_version_count];
};

}  // namespace wick::detail
