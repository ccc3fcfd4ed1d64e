#include "protocol/v2_json_serializer.hpp"

#include <boost/json/parse.hpp>
#include <initializer_list>

#include "protocol/json_text.hpp"

namespace wick::detail {
namespace {

std::optional<std::string> ref_field(const json::value& value, bool* ok) {
  if (value.is_null()) return std::nullopt;
  if (!value.is_string()) *ok = false;
  if (!*ok) return std::nullopt;
  return std::string(value.get_string());
}

Decoded decode_text(std::string_view data) {
  boost::system::error_code ec;
  json::value parsed = json::parse(data, ec);
  if (ec || !parsed.is_array()) return {std::nullopt, DecodeError::malformed};
  json::array& fields = parsed.get_array();
  if (fields.size() < 5 || !fields[2].is_string() || !fields[3].is_string()) {
    return {std::nullopt, DecodeError::malformed};
  }
  bool ok = true;
  Message message;
  message.join_ref = ref_field(fields[0], &ok);
  message.ref = ref_field(fields[1], &ok);
  if (!ok) return {std::nullopt, DecodeError::malformed};
  message.topic = fields[2].get_string();
  message.event = fields[3].get_string();
  message.payload = Payload(std::move(fields[4]));
  return {std::move(message), DecodeError::none};
}

// Kind 0 from a client: 0 | len(join_ref) | len(ref) | len(topic) | len(event) | fields | payload
Decoded decode_binary(std::string_view data) {
  if (data.size() < 5 || data[0] != 0) return {std::nullopt, DecodeError::unsupported};
  std::size_t lengths[4];
  std::size_t offset = 5;
  for (int i = 0; i < 4; ++i) {
    lengths[i] = static_cast<unsigned char>(data[1 + i]);
    offset += lengths[i];
  }
  if (offset > data.size()) return {std::nullopt, DecodeError::unsupported};
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
  return {std::move(message), DecodeError::none};
}

// A binary message: kind byte, one length byte per field, the fields, then the payload. Empty
// when a field is over 255 bytes, which the format cannot carry.
std::optional<EncodedMessage> binary_message(char kind,
                                             std::initializer_list<std::string_view> fields,
                                             std::string_view payload) {
  EncodedMessage encoded{{}, true};
  std::string& body = encoded.bytes;
  body.push_back(kind);
  for (std::string_view field : fields) {
    if (field.size() > 255) return std::nullopt;
    body.push_back(static_cast<char>(field.size()));
  }
  for (std::string_view field : fields) body.append(field);
  body.append(payload);
  return encoded;
}

}  // namespace

Decoded V2JsonSerializer::decode(bool binary, std::string_view data) const {
  return binary ? decode_binary(data) : decode_text(data);
}

void V2JsonSerializer::open_text(std::string& out, const OutJsonMessage& message) const {
  out.push_back('[');
  append_json_string_or_null(out, message.join_ref);
  out.push_back(',');
  append_json_string_or_null(out, message.ref);
  out.push_back(',');
  append_json_string(out, message.topic);
  out.push_back(',');
  append_json_string(out, message.event);
  out.push_back(',');
}

void V2JsonSerializer::close_text(std::string& out, const OutJsonMessage&) const {
  out.push_back(']');
}

std::optional<EncodedMessage> V2JsonSerializer::encode_binary(const OutMessage& message) const {
  if (message.join_ref) {
    return binary_message(0, {*message.join_ref, message.topic, message.event},
                          message.payload.bytes());
  }
  return binary_message(2, {message.topic, message.event}, message.payload.bytes());
}

std::optional<EncodedMessage> V2JsonSerializer::encode_binary_reply(const ReplyAddress& address,
                                                                    std::string_view status,
                                                                    const Payload& response) const {
  return binary_message(
      1, {address.join_ref.value_or(""), address.ref.value_or(""), address.topic, status},
      response.bytes());
}

}  // namespace wick::detail
