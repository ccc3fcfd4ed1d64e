#include "protocol/v2_json_serializer.hpp"

#include <boost/json/parse.hpp>
#include <initializer_list>

#include "protocol/json_text.hpp"
#include "transport/websocket_codec.hpp"

namespace wick::detail {
namespace {

using ws::close_code::invalid_payload;
using ws::close_code::unsupported_data;

std::optional<std::string> ref_field(const json::value& value, bool* ok) {
  if (value.is_null()) return std::nullopt;
  if (!value.is_string()) *ok = false;
  if (!*ok) return std::nullopt;
  return std::string(value.get_string());
}

Decoded decode_text(std::string_view data) {
  boost::system::error_code ec;
  json::value parsed = json::parse(data, ec);
  if (ec || !parsed.is_array()) return {std::nullopt, invalid_payload};
  json::array& fields = parsed.get_array();
  if (fields.size() < 5 || !fields[2].is_string() || !fields[3].is_string()) {
    return {std::nullopt, invalid_payload};
  }
  bool ok = true;
  Message message;
  message.join_ref = ref_field(fields[0], &ok);
  message.ref = ref_field(fields[1], &ok);
  if (!ok) return {std::nullopt, invalid_payload};
  message.topic = fields[2].get_string();
  message.event = fields[3].get_string();
  message.payload = Payload(std::move(fields[4]));
  return {std::move(message), 0};
}

// Kind 0 from a client: 0 | len(join_ref) | len(ref) | len(topic) | len(event) | fields | payload
Decoded decode_binary(std::string_view data) {
  if (data.size() < 5 || data[0] != 0) return {std::nullopt, unsupported_data};
  std::size_t lengths[4];
  std::size_t offset = 5;
  for (int i = 0; i < 4; ++i) {
    lengths[i] = static_cast<unsigned char>(data[1 + i]);
    offset += lengths[i];
  }
  if (offset > data.size()) return {std::nullopt, unsupported_data};
  std::string fields[4];
  std::size_t at = 5;
  for (int i = 0; i < 4; ++i) {
    fields[i] = std::string(data.substr(at, lengths[i]));
    at += lengths[i];
  }
  Message message;
  // An empty ref field is how a null ref travels in binary frames.
  if (!fields[0].empty()) message.join_ref = std::move(fields[0]);
  if (!fields[1].empty()) message.ref = std::move(fields[1]);
  message.topic = std::move(fields[2]);
  message.event = std::move(fields[3]);
  message.payload = Payload(Binary{std::string(data.substr(offset))});
  return {std::move(message), 0};
}

// A binary frame: kind byte, one length byte per field, the fields, then the payload. Empty
// when a field is over 255 bytes, which the format cannot carry.
SharedFrame binary_frame(char kind, std::initializer_list<std::string_view> fields,
                         std::string_view payload) {
  std::string body;
  body.push_back(kind);
  for (std::string_view field : fields) {
    if (field.size() > 255) return {};
    body.push_back(static_cast<char>(field.size()));
  }
  for (std::string_view field : fields) body.append(field);
  body.append(payload);
  return ws::make_frame(ws::Opcode::binary, body);
}

void append_head(std::string& out, std::optional<std::string_view> join_ref,
                 std::optional<std::string_view> ref, std::string_view topic,
                 std::string_view event) {
  out.push_back('[');
  append_json_string_or_null(out, join_ref);
  out.push_back(',');
  append_json_string_or_null(out, ref);
  out.push_back(',');
  append_json_string(out, topic);
  out.push_back(',');
  append_json_string(out, event);
  out.push_back(',');
}

}  // namespace

Decoded V2JsonSerializer::decode(bool binary, std::string_view data) const {
  return binary ? decode_binary(data) : decode_text(data);
}

SharedFrame V2JsonSerializer::encode_json(const OutJsonMessage& message) const {
  std::string head;
  append_head(head, message.join_ref, message.ref, message.topic, message.event);
  return ws::make_frame(ws::Opcode::text, {head, message.payload_json, "]"});
}

SharedFrame V2JsonSerializer::encode_binary(const OutMessage& message) const {
  if (message.join_ref) {
    return binary_frame(0, {*message.join_ref, message.topic, message.event},
                        message.payload.bytes());
  }
  return binary_frame(2, {message.topic, message.event}, message.payload.bytes());
}

SharedFrame V2JsonSerializer::encode_binary_reply(const ReplyAddress& address,
                                                  std::string_view status,
                                                  const Payload& response) const {
  return binary_frame(
      1, {address.join_ref.value_or(""), address.ref.value_or(""), address.topic, status},
      response.bytes());
}

}  // namespace wick::detail
