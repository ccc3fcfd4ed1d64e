#pragma once
// What one node says to the others through Redis, in a compact binary form: encoded by the
// node that speaks, decoded once by each node that listens. Pure: no I/O, no state.
//
//   'W' 1 kind | instance (8 bytes, little-endian) | sequence (varint) | node (string)
//   broadcast: topic (string) | event (string) | payload kind (0 JSON text, 1 binary) | payload
//   probe:     nothing more
//
// A string is its length (varint) and its bytes. A node's instance is random per start, so that
// a node restarted under the same name is told apart from the one before it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <wick/payload.hpp>

namespace wick::detail {

struct ClusterEnvelope {
  enum class Kind : std::uint8_t {
    broadcast = 1,  // a broadcast made on the sending node
    probe = 2,      // a node's message to itself, to learn its subscribe link still answers
  };

  Kind kind = Kind::broadcast;
  std::uint64_t instance = 0;
  std::uint64_t sequence = 0;
  std::string node;
  // A broadcast's.
  std::string topic;
  std::string event;
  Payload payload;
};

/// Who speaks: the node, its instance, and the number of this message among the node's.
struct EnvelopeSender {
  std::string_view node;
  std::uint64_t instance = 0;
  std::uint64_t sequence = 0;
};

std::string encode_broadcast(const EnvelopeSender& sender, std::string_view topic,
                             std::string_view event, const Payload& payload);
std::string encode_probe(const EnvelopeSender& sender);
/// Nothing for bytes that are not a whole envelope of a known kind, or a broadcast whose payload
/// is neither a JSON object nor binary.
std::optional<ClusterEnvelope> decode_envelope(std::string_view bytes);

}  // namespace wick::detail
