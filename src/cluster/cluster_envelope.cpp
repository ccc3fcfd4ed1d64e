#include "cluster/cluster_envelope.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace wick::detail {
namespace {

constexpr char magic = 'W';
constexpr char version = 1;
constexpr char json_payload = 0;
constexpr char binary_payload = 1;

void put_varint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

void put_string(std::string& out, std::string_view text) {
  put_varint(out, text.size());
  out.append(text);
}

// Reads from the front of `rest`; every read fails on input that ends too soon.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : rest_(bytes) {}

  bool byte(char& value) {
    if (rest_.empty()) return false;
    value = rest_.front();
    rest_.remove_prefix(1);
    return true;
  }
  bool fixed64(std::uint64_t& value) {
    if (rest_.size() < 8) return false;
    value = 0;
    for (int i = 7; i >= 0; --i) value = value << 8 | static_cast<unsigned char>(rest_[i]);
    rest_.remove_prefix(8);
    return true;
  }
  bool varint(std::uint64_t& value) {
    value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      char next;
      if (!byte(next)) return false;
      value |= static_cast<std::uint64_t>(next & 0x7f) << shift;
      if ((next & 0x80) == 0) return true;
    }
    return false;  // longer than any 64-bit number
  }
  bool string(std::string& value) {
    std::uint64_t size;
    if (!varint(size) || size > rest_.size()) return false;
    value.assign(rest_.substr(0, size));
    rest_.remove_prefix(size);
    return true;
  }
  std::string_view rest() const { return rest_; }

 private:
  std::string_view rest_;
};

std::string encode_header(const EnvelopeSender& sender, ClusterEnvelope::Kind kind,
                          std::size_t extra) {
  std::string out;
  out.reserve(24 + sender.node.size() + extra);
  out.push_back(magic);
  out.push_back(version);
  out.push_back(static_cast<char>(kind));
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(sender.instance >> (8 * i)));
  put_varint(out, sender.sequence);
  put_string(out, sender.node);
  return out;
}

}  // namespace

std::string encode_broadcast(const EnvelopeSender& sender, std::string_view topic,
                             std::string_view event, const Payload& payload) {
  std::string out =
      encode_header(sender, ClusterEnvelope::Kind::broadcast, topic.size() + event.size() + 16);
  put_string(out, topic);
  put_string(out, event);
  if (payload.is_binary()) {
    out.push_back(binary_payload);
    out.append(payload.bytes());
  } else {
    out.push_back(json_payload);
    out.append(json::serialize(payload.json()));
  }
  return out;
}

std::string encode_probe(const EnvelopeSender& sender) {
  return encode_header(sender, ClusterEnvelope::Kind::probe, 0);
}

std::optional<ClusterEnvelope> decode_envelope(std::string_view bytes) {
  Reader in(bytes);
  char head[3];
  if (!in.byte(head[0]) || !in.byte(head[1]) || !in.byte(head[2])) return std::nullopt;
  if (head[0] != magic || head[1] != version) return std::nullopt;
  ClusterEnvelope envelope;
  envelope.kind = static_cast<ClusterEnvelope::Kind>(head[2]);
  if (!in.fixed64(envelope.instance) || !in.varint(envelope.sequence) ||
      !in.string(envelope.node)) {
    return std::nullopt;
  }
  switch (envelope.kind) {
    case ClusterEnvelope::Kind::probe:
      if (!in.rest().empty()) return std::nullopt;
      return envelope;
    case ClusterEnvelope::Kind::broadcast:
      break;
    default:
      return std::nullopt;
  }
  char payload_kind;
  if (!in.string(envelope.topic) || !in.string(envelope.event) || !in.byte(payload_kind)) {
    return std::nullopt;
  }
  if (payload_kind == binary_payload) {
    envelope.payload = Binary{std::string(in.rest())};
    return envelope;
  }
  if (payload_kind != json_payload) return std::nullopt;
  boost::system::error_code error;
  json::value value = json::parse(in.rest(), error);
  if (error || !value.is_object()) return std::nullopt;
  envelope.payload = std::move(value);
  return envelope;
}

}  // namespace wick::detail
