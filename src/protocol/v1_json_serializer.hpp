#pragma once
// vsn 1.0.0 (and no vsn): JSON objects {"topic","event","payload","ref"[,"join_ref"]} in text
// frames only. Responses never carry join_ref (spec §3.3).
#include "protocol/serializer.hpp"

namespace wick::detail {

class V1JsonSerializer final : public Serializer {
 public:
  SerializerVersion version() const override { return SerializerVersion::v1; }
  Decoded decode(bool binary, std::string_view data) const override;

 protected:
  void open_text(std::string& out, const OutJsonMessage& message) const override;
  void close_text(std::string& out, const OutJsonMessage& message) const override;
  /// V1 has no binary frames.
  std::optional<EncodedMessage> encode_binary(const OutMessage&) const override { return {}; }
  std::optional<EncodedMessage> encode_binary_reply(const ReplyAddress&, std::string_view,
                                                    const Payload&) const override {
    return {};
  }
};

}  // namespace wick::detail
