#include "cluster/cluster_envelope.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "cluster/presence_codec.hpp"
#include "cluster/wire_format.hpp"

namespace wick::detail {
namespace {

using Kind = ClusterEnvelope::Kind;

constexpr char magic = 'W';
constexpr char version = 1;
constexpr char json_payload = 0;
constexpr char binary_payload = 1;

std::string encode_header(const EnvelopeSender& sender, Kind kind, std::size_t extra) {
  std::string out;
  out.reserve(24 + sender.node.size() + extra);
  out.push_back(magic);
  out.push_back(version);
  out.push_back(static_cast<char>(kind));
  wire::put_fixed64(out, sender.instance);
  wire::put_varint(out, sender.sequence);
  wire::put_string(out, sender.node);
  return out;
}

bool read_json_object(std::string_view text, Payload& payload) {
  boost::system::error_code error;
  json::value value = json::parse(text, error);
  if (error || !value.is_object()) return false;
  payload = std::move(value);
  return true;
}

bool read_broadcast(wire::Reader& in, ClusterEnvelope& envelope) {
  char payload_kind;
  if (!in.string(envelope.topic) || !in.string(envelope.event) || !in.byte(payload_kind)) {
    return false;
  }
  if (payload_kind == binary_payload) {
    envelope.payload = Binary{std::string(in.rest())};
    return true;
  }
  if (payload_kind != json_payload) return false;
  return read_json_object(in.rest(), envelope.payload);
}

// Without its position (as its stream keeps it), or with it (as its script publishes it).
bool read_stream_broadcast(wire::Reader& in, ClusterEnvelope& envelope) {
  std::string payload;
  if (!in.string(envelope.topic) || !in.string(envelope.event) || !in.varint(envelope.from) ||
      !in.string(payload) || !read_json_object(payload, envelope.payload)) {
    return false;
  }
  if (in.rest().empty()) return true;
  std::string offset;
  if (!in.string(offset) || !in.string(envelope.epoch) || offset.empty() || offset.size() > 19) {
    return false;
  }
  envelope.offset = 0;
  for (char digit : offset) {
    if (digit < '0' || digit > '9') return false;
    envelope.offset = envelope.offset * 10 + static_cast<std::uint64_t>(digit - '0');
  }
  return envelope.offset > 0;
}

bool read_flag(wire::Reader& in, bool& value) {
  char byte;
  if (!in.byte(byte) || (byte != 0 && byte != 1)) return false;
  value = byte == 1;
  return true;
}

bool read_longpoll(wire::Reader& in, ClusterEnvelope& envelope) {
  if (!in.varint(envelope.request)) return false;
  if (envelope.kind == Kind::longpoll_request) {
    RelayedLongPoll& longpoll = envelope.longpoll;
    return read_flag(in, longpoll.post) && in.string(longpoll.token) &&
           in.string(longpoll.content_type) && in.string(longpoll.body);
  }
  bool found;
  if (!read_flag(in, found)) return false;
  if (!found) return true;
  envelope.answer.emplace();
  return in.string(*envelope.answer);
}

}  // namespace

std::string encode_broadcast(const EnvelopeSender& sender, std::string_view topic,
                             std::string_view event, const Payload& payload) {
  std::string out = encode_header(sender, Kind::broadcast, topic.size() + event.size() + 16);
  wire::put_string(out, topic);
  wire::put_string(out, event);
  if (payload.is_binary()) {
    out.push_back(binary_payload);
    out.append(payload.bytes());
  } else {
    out.push_back(json_payload);
    out.append(json::serialize(payload.json()));
  }
  return out;
}

std::string encode_stream_broadcast(const EnvelopeSender& sender, std::string_view topic,
                                    std::string_view event, const Payload& payload,
                                    std::uint64_t from) {
  std::string text = json::serialize(payload.json());
  std::string out =
      encode_header(sender, Kind::stream_broadcast, topic.size() + event.size() + text.size() + 24);
  wire::put_string(out, topic);
  wire::put_string(out, event);
  wire::put_varint(out, from);
  wire::put_string(out, text);
  return out;
}

bool is_stream_broadcast(std::string_view bytes) {
  return bytes.size() > 2 && bytes[0] == magic && bytes[1] == version &&
         bytes[2] == static_cast<char>(Kind::stream_broadcast);
}

std::string encode_presence(const EnvelopeSender& sender, Kind kind, std::string_view replica,
                            std::uint64_t shipped, const CausalSet* set) {
  std::string out = encode_header(sender, kind, replica.size() + 16);
  wire::put_string(out, replica);
  wire::put_varint(out, shipped);
  if (set) append_causal_set(out, *set);
  return out;
}

std::string encode_longpoll_request(const EnvelopeSender& sender, std::uint64_t request,
                                    const RelayedLongPoll& longpoll) {
  std::string out = encode_header(
      sender, Kind::longpoll_request,
      longpoll.token.size() + longpoll.content_type.size() + longpoll.body.size() + 24);
  wire::put_varint(out, request);
  out.push_back(longpoll.post ? 1 : 0);
  wire::put_string(out, longpoll.token);
  wire::put_string(out, longpoll.content_type);
  wire::put_string(out, longpoll.body);
  return out;
}

std::string encode_longpoll_answer(const EnvelopeSender& sender, std::uint64_t request,
                                   const std::optional<std::string>& body) {
  std::string out = encode_header(sender, Kind::longpoll_answer, (body ? body->size() : 0) + 16);
  wire::put_varint(out, request);
  out.push_back(body ? 1 : 0);
  if (body) wire::put_string(out, *body);
  return out;
}

std::string encode_bare(const EnvelopeSender& sender, Kind kind) {
  return encode_header(sender, kind, 0);
}

std::optional<std::uint64_t> envelope_instance(std::string_view bytes) {
  wire::Reader in(bytes);
  char head[3];
  std::uint64_t instance;
  if (!in.byte(head[0]) || !in.byte(head[1]) || !in.byte(head[2]) || head[0] != magic ||
      head[1] != version || !in.fixed64(instance)) {
    return std::nullopt;
  }
  return instance;
}

std::optional<ClusterEnvelope> decode_envelope(std::string_view bytes) {
  wire::Reader in(bytes);
  char head[3];
  if (!in.byte(head[0]) || !in.byte(head[1]) || !in.byte(head[2])) return std::nullopt;
  if (head[0] != magic || head[1] != version) return std::nullopt;
  ClusterEnvelope envelope;
  envelope.kind = static_cast<Kind>(head[2]);
  if (!in.fixed64(envelope.instance) || !in.varint(envelope.sequence) ||
      !in.string(envelope.node)) {
    return std::nullopt;
  }
  switch (envelope.kind) {
    case Kind::broadcast:
      if (!read_broadcast(in, envelope)) return std::nullopt;
      return envelope;
    case Kind::stream_broadcast:
      if (!read_stream_broadcast(in, envelope)) return std::nullopt;
      return envelope;
    case Kind::probe:
    case Kind::presence_ask:
      break;
    case Kind::presence_delta:
    case Kind::presence_state:
    case Kind::presence_heartbeat:
    case Kind::presence_leave: {
      if (!in.string(envelope.replica) || !in.varint(envelope.shipped)) return std::nullopt;
      if (envelope.kind == Kind::presence_delta || envelope.kind == Kind::presence_state) {
        std::optional<CausalSet> set = read_causal_set(bytes);
        if (!set) return std::nullopt;
        envelope.presence = std::move(*set);
      }
      break;
    }
    case Kind::longpoll_request:
    case Kind::longpoll_answer:
      if (!read_longpoll(in, envelope)) return std::nullopt;
      break;
    default:
      return std::nullopt;
  }
  if (!in.rest().empty()) return std::nullopt;
  return envelope;
}

}  // namespace wick::detail
