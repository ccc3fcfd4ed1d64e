#include "protocol/serializer.hpp"

#include "protocol/json_text.hpp"
#include "protocol/v1_json_serializer.hpp"
#include "protocol/v2_json_serializer.hpp"

namespace wick::detail {

SharedFrame Serializer::encode(const OutMessage& message) const {
  if (message.payload.is_binary()) return encode_binary(message);
  std::string payload;
  append_json_value(payload, message.payload.json());
  return encode_json({message.join_ref, message.ref, message.topic, message.event, payload});
}

SharedFrame Serializer::encode_reply(const ReplyAddress& address, std::string_view status,
                                     const Payload& response) const {
  if (response.is_binary()) return encode_binary_reply(address, status, response);
  std::string payload = "{\"status\":";
  append_json_string(payload, status);
  payload += ",\"response\":";
  append_json_value(payload, response.json());
  payload.push_back('}');
  return encode_json({address.join_ref, address.ref, address.topic, "phx_reply", payload});
}

const Serializer& serializer_for(SerializerVersion version) {
  static const V1JsonSerializer v1;
  static const V2JsonSerializer v2;
  if (version == SerializerVersion::v1) return v1;
  return v2;
}

}  // namespace wick::detail
