#pragma once
// Turns frames into Messages and Messages into complete wire frames, one implementation per
// protocol version (spec §3). Stateless: one shared instance per version.
#include <cstdint>
#include <string_view>

#include "net/shared_frame.hpp"
#include "protocol/message.hpp"

namespace wick::detail {

enum class SerializerVersion : std::uint8_t { v1 = 0, v2 = 1 };
inline constexpr int serializer_version_count = 2;

class Serializer {
 public:
  virtual ~Serializer() = default;
  virtual SerializerVersion version() const = 0;
  virtual Decoded decode(bool binary, std::string_view data) const = 0;
  /// A message whose JSON payload is already text.
  virtual SharedFrame encode_json(const OutJsonMessage& message) const = 0;

  /// Encoders below return an empty frame when the message cannot be encoded (binary on V1, a
  /// V2 binary header field over 255 bytes): the caller drops it rather than send it truncated.
  SharedFrame encode(const OutMessage& message) const;
  SharedFrame encode_reply(const ReplyAddress& address, std::string_view status,
                           const Payload& response) const;

 protected:
  virtual SharedFrame encode_binary(const OutMessage& message) const = 0;
  virtual SharedFrame encode_binary_reply(const ReplyAddress& address, std::string_view status,
                                          const Payload& response) const = 0;
};

const Serializer& serializer_for(SerializerVersion version);

}  // namespace wick::detail
