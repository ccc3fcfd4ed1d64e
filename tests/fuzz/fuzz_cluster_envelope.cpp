// libFuzzer target: the envelope decoder on what arrives from the Redis channels of a cluster,
// which any client of that Redis can publish to. Decoding must not crash or over-read; whatever
// decodes must encode to an envelope that decodes to the same message (the same bytes when the
// payload is binary; JSON text may be re-serialized differently).
#include <cstddef>
#include <cstdint>
#include <string>

#include "cluster/cluster_envelope.hpp"

namespace {

std::string encode_again(const wick::detail::ClusterEnvelope& envelope) {
  wick::detail::EnvelopeSender sender{envelope.node, envelope.instance, envelope.sequence};
  using Kind = wick::detail::ClusterEnvelope::Kind;
  switch (envelope.kind) {
    case Kind::broadcast:
      return wick::detail::encode_broadcast(sender, envelope.topic, envelope.event,
                                            envelope.payload);
    case Kind::presence_delta:
    case Kind::presence_state:
      return wick::detail::encode_presence(sender, envelope.kind, envelope.replica,
                                           envelope.shipped, &envelope.presence);
    case Kind::presence_heartbeat:
    case Kind::presence_leave:
      return wick::detail::encode_presence(sender, envelope.kind, envelope.replica,
                                           envelope.shipped, nullptr);
    case Kind::longpoll_request:
      return wick::detail::encode_longpoll_request(sender, envelope.request, envelope.longpoll);
    case Kind::longpoll_answer:
      return wick::detail::encode_longpoll_answer(sender, envelope.request, envelope.answer);
    default:
      return wick::detail::encode_bare(sender, envelope.kind);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto envelope = wick::detail::decode_envelope(bytes);
  if (!envelope) return 0;
  std::string encoded = encode_again(*envelope);
  auto again = wick::detail::decode_envelope(encoded);
  if (!again || again->kind != envelope->kind || again->node != envelope->node ||
      again->instance != envelope->instance || again->sequence != envelope->sequence ||
      again->topic != envelope->topic || again->event != envelope->event ||
      again->replica != envelope->replica || again->shipped != envelope->shipped ||
      again->presence.values().size() != envelope->presence.values().size() ||
      again->presence.context() != envelope->presence.context() ||
      again->payload.is_binary() != envelope->payload.is_binary() ||
      again->request != envelope->request || again->longpoll.post != envelope->longpoll.post ||
      again->longpoll.token != envelope->longpoll.token ||
      again->longpoll.content_type != envelope->longpoll.content_type ||
      again->longpoll.body != envelope->longpoll.body || again->answer != envelope->answer) {
    __builtin_trap();
  }
  if (envelope->payload.is_binary() && again->payload.bytes() != envelope->payload.bytes()) {
    __builtin_trap();
  }
  return 0;
}
