#include "protocol/v1_json_serializer.hpp"

#include <boost/json/parse.hpp>

#include "protocol/json_text.hpp"
#include "transport/websocket_codec.hpp"

namespace wick::detail {
namespace {

using ws::close_code::invalid_payload;

bool read_ref(const json::object& object, std::string_view key, bool required,
              std::optional<std::string>* out) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr) return !required;
  if (value->is_null()) return true;
  if (!value->is_string()) return false;
  *out = std::string(value->get_string());
  return true;
}

}  // namespace

Decoded V1JsonSerializer::decode(bool binary, std::string_view data) const {
  if (binary) return {std::nullopt, ws::close_code::unsupported_data};
  boost::system::error_code ec;
  json::value parsed = json::parse(data, ec);
  if (ec || !parsed.is_object()) return {std::nullopt, invalid_payload};
  json::object& object = parsed.get_object();
  const json::value* topic = object.if_contains("topic");
  const json::value* event = object.if_contains("event");
  json::value* payload = object.if_contains("payload");
  Message message;
  if (!topic || !topic->is_string() || !event || !event->is_string() || !payload ||
      !read_ref(object, "ref", true, &message.ref) ||
      !read_ref(object, "join_ref", false, &message.join_ref)) {
    return {std::nullopt, invalid_payload};
  }
  message.topic = topic->get_string();
  message.event = event->get_string();
  message.payload = Payload(std::move(*payload));
  return {std::move(message), 0};
}

SharedFrame V1JsonSerializer::encode_json(const OutJsonMessage& message) const {
  std::string head = "{\"topic\":";
  append_json_string(head, message.topic);
  head += ",\"event\":";
  append_json_string(head, message.event);
  head += ",\"payload\":";
  std::string tail = ",\"ref\":";
  append_json_string_or_null(tail, message.ref);
  tail.push_back('}');
  return ws::make_frame(ws::Opcode::text, {head, message.payload_json, tail});
}

}  // namespace wick::detail
