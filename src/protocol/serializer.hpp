#pragma once
// Turns client bytes into Messages and Messages into bytes, one implementation per protocol
// version (spec §3). Pure: no frames, no I/O; the transport frames what it encodes. Stateless:
// one shared instance per version.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/message.hpp"

namespace wick::detail {

enum class SerializerVersion : std::uint8_t { v1 = 0, v2 = 1 };
inline constexpr int serializer_version_count = 2;

class Serializer {
 public:
  virtual ~Serializer() = default;
  virtual SerializerVersion version() const = 0;
  virtual Decoded decode(bool binary, std::string_view data) const = 0;

  /// A message whose JSON payload is text already (a presence_state snapshot serialized once).
  EncodedMessage encode_json(const OutJsonMessage& message) const;
  /// The encoders below give nothing when the message cannot be encoded (binary on V1, a V2
  /// binary header field over 255 bytes): the caller drops it rather than send it truncated.
  std::optional<EncodedMessage> encode(const OutMessage& message) const;
  std::optional<EncodedMessage> encode_reply(const ReplyAddress& address, std::string_view status,
                                             const Payload& response) const;

 protected:
  /// A text message is `open`, the payload's JSON, then `close`, written into one buffer.
  virtual void open_text(std::string& out, const OutJsonMessage& message) const = 0;
  virtual void close_text(std::string& out, const OutJsonMessage& message) const = 0;
  virtual std::optional<EncodedMessage> encode_binary(const OutMessage& message) const = 0;
  virtual std::optional<EncodedMessage> encode_binary_reply(const ReplyAddress& address,
                                                            std::string_view status,
                                                            const Payload& response) const = 0;
};

const Serializer& serializer_for(SerializerVersion version);

}  // namespace wick::detail
