#include "protocol/v1_json_serializer.hpp"

#include <boost/json/parse.hpp>

#include "protocol/json_text.hpp"

namespace wick::detail {
namespace {

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
  if (binary) return {std::nullopt, DecodeError::unsupported};
  boost::system::error_code ec;
  json::value parsed = json::parse(data, ec);
  if (ec || !parsed.is_object()) return {std::nullopt, DecodeError::malformed};
  json::object& object = parsed.get_object();
  const json::value* topic = object.if_contains("topic");
  const json::value* event = object.if_contains("event");
  json::value* payload = object.if_contains("payload");
  Message message;
  if (!topic || !topic->is_string() || !event || !event->is_string() || !payload ||
      !read_ref(object, "ref", true, &message.ref) ||
      !read_ref(object, "join_ref", false, &message.join_ref)) {
    return {std::nullopt, DecodeError::malformed};
  }
  message.topic = topic->get_string();
  message.event = event->get_string();
  message.payload = Payload(std::move(*payload));
  return {std::move(message), DecodeError::none};
}

void V1JsonSerializer::open_text(std::string& out, const OutJsonMessage& message) const {
  out += "{\"topic\":";
  append_json_string(out, message.topic);
  out += ",\"event\":";
  append_json_string(out, message.event);
  out += ",\"payload\":";
}

void V1JsonSerializer::close_text(std::string& out, const OutJsonMessage& message) const {
  out += ",\"ref\":";
  append_json_string_or_null(out, message.ref);
  out.push_back('}');
}

}  // namespace wick::detail
