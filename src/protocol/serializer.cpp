#include "protocol/serializer.hpp"

#include "protocol/json_text.hpp"
#include "protocol/v1_json_serializer.hpp"
#include "protocol/v2_json_serializer.hpp"

namespace wick::detail {

EncodedMessage Serializer::encode_json(const OutJsonMessage& message) const {
  EncodedMessage encoded;
  open_text(encoded.bytes, message);
  encoded.bytes.append(message.payload_json);
  close_text(encoded.bytes, message);
  return encoded;
}

std::optional<EncodedMessage> Serializer::encode(const OutMessage& message) const {
  if (message.payload.is_binary()) return encode_binary(message);
  OutJsonMessage text{message.join_ref, message.ref, message.topic, message.event, {}};
  EncodedMessage encoded;
  open_text(encoded.bytes, text);
  const json::value& payload = message.payload.json();
  append_json_value(encoded.bytes, payload);
  if (!message.extra_members.empty() && payload.is_object()) {
    encoded.bytes.pop_back();  // the object's closing brace
    if (!payload.get_object().empty()) encoded.bytes.push_back(',');
    encoded.bytes.append(message.extra_members);
    encoded.bytes.push_back('}');
  }
  close_text(encoded.bytes, text);
  return encoded;
}

std::optional<EncodedMessage> Serializer::encode_reply(const ReplyAddress& address,
                                                       std::string_view status,
                                                       const Payload& response) const {
  if (response.is_binary()) return encode_binary_reply(address, status, response);
  OutJsonMessage text{address.join_ref, address.ref, address.topic, "phx_reply", {}};
  EncodedMessage encoded;
  open_text(encoded.bytes, text);
  encoded.bytes += "{\"status\":";
  append_json_string(encoded.bytes, status);
  encoded.bytes += ",\"response\":";
  append_json_value(encoded.bytes, response.json());
  encoded.bytes.push_back('}');
  close_text(encoded.bytes, text);
  return encoded;
}

const Serializer& serializer_for(SerializerVersion version) {
  static const V1JsonSerializer v1;
  static const V2JsonSerializer v2;
  if (version == SerializerVersion::v1) return v1;
  return v2;
}

}  // namespace wick::detail
