#pragma once
// vsn 2.0.0: JSON arrays [join_ref, ref, topic, event, payload] in text frames, and the binary
// frames of spec §3.2 for binary payloads (kind 0 push, 1 reply, 2 broadcast).
#include "protocol/serializer.hpp"

namespace wick::detail {

class V2JsonSerializer final : public Serializer {
 public:
  SerializerVersion version() const override { return SerializerVersion::v2; }
  Decoded decode(bool binary, std::string_view data) const override;

 protected:
  void open_text(std::string& out, const OutJsonMessage& message) const override;
  void close_text(std::string& out, const OutJsonMessage& message) const override;
  std::optional<EncodedMessage> encode_binary(const OutMessage& message) const override;
  std::optional<EncodedMessage> encode_binary_reply(const ReplyAddress& address,
                                                    std::string_view status,
                                                    const Payload& response) const override;
};

}  // namespace wick::detail
