#pragma once
// What one node says to the others through Redis, in a compact binary form: encoded by the
// node that speaks, decoded once by each node that listens. Pure: no I/O, no state.
//
//   'W' 1 kind | instance (8 bytes, little-endian) | sequence (varint) | node (string)
//   broadcast:                  topic (string) | event (string) | payload kind | payload
//   stream broadcast:           topic (string) | event (string) | from (varint) | JSON payload
//                               (string) [| offset (string, decimal) | epoch (string)]
//   presence delta and state:   replica (string) | shipped (varint) | causal set
//   presence heartbeat, leave:  replica (string) | shipped (varint)
//   probe, presence ask:        nothing more
//   long-poll request:          request (varint) | post (0 or 1) | token | content type | body
//   long-poll answer:           request (varint) | found (0 or 1) | body, when found
//
// A string is its length (varint) and its bytes; the payload kind is 0 (JSON text) or 1
// (binary); the causal set is presence_codec's. A stream broadcast is kept in its topic's
// Redis stream as it is encoded here; the script that keeps it publishes it with its position
// appended (cluster/redis_streams.hpp). A node's instance is random per start, so that
// a node restarted under the same name is told apart from the one before it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <wick/payload.hpp>

#include "presence/causal_set.hpp"
#include "transport/remote_sessions.hpp"

namespace wick::detail {

struct ClusterEnvelope {
  enum class Kind : std::uint8_t {
    broadcast = 1,           // a broadcast made on the sending node
    probe = 2,               // a node's message to itself: its subscribe link still answers
    presence_delta = 3,      // the sender's local presence changes
    presence_state = 4,      // the sender's own presence state, whole
    presence_heartbeat = 5,  // the sender is there, and has shipped this many deltas
    presence_ask = 6,        // to one node: send your presence state
    presence_leave = 7,      // the sender leaves the cluster: drop its presences
    longpoll_request = 8,    // to the node holding a long-poll session: serve this request
    longpoll_answer = 9,     // to the node that relayed a long-poll request: its answer
    stream_broadcast = 10,   // a broadcast on a topic with history, kept in its stream
  };

  Kind kind = Kind::broadcast;
  std::uint64_t instance = 0;
  std::uint64_t sequence = 0;
  std::string node;
  // A broadcast's.
  std::string topic;
  std::string event;
  Payload payload;
  // A stream broadcast's: the sender's subscriber to leave out (broadcast_from), and, once the
  // stream has numbered it, its position.
  std::uint64_t from = 0;
  std::uint64_t offset = 0;
  std::string epoch;
  // Presence's: the sender's replica, how many deltas it has shipped, the delta or state.
  std::string replica;
  std::uint64_t shipped = 0;
  CausalSet presence;
  // A relayed long-poll request's, or its answer's.
  std::uint64_t request = 0;          // names the request on the node that relayed it
  RelayedLongPoll longpoll;           // the request
  std::optional<std::string> answer;  // the answer: the body, or nothing (no such session)
};

/// Who speaks: the node, its instance, and the number of this message among the node's.
struct EnvelopeSender {
  std::string_view node;
  std::uint64_t instance = 0;
  std::uint64_t sequence = 0;
};

std::string encode_broadcast(const EnvelopeSender& sender, std::string_view topic,
                             std::string_view event, const Payload& payload);
/// A broadcast on a topic with history, as its stream keeps it (without its position). The
/// payload is a JSON object.
std::string encode_stream_broadcast(const EnvelopeSender& sender, std::string_view topic,
                                    std::string_view event, const Payload& payload,
                                    std::uint64_t from);
/// Whether the bytes are a stream broadcast, read off the header alone.
bool is_stream_broadcast(std::string_view bytes);
/// A presence delta or state (`set`), heartbeat or leave (no set).
std::string encode_presence(const EnvelopeSender& sender, ClusterEnvelope::Kind kind,
                            std::string_view replica, std::uint64_t shipped, const CausalSet* set);
std::string encode_longpoll_request(const EnvelopeSender& sender, std::uint64_t request,
                                    const RelayedLongPoll& longpoll);
std::string encode_longpoll_answer(const EnvelopeSender& sender, std::uint64_t request,
                                   const std::optional<std::string>& body);
/// A probe or a presence ask: the header alone.
std::string encode_bare(const EnvelopeSender& sender, ClusterEnvelope::Kind kind);
/// The sender's instance, read off the header alone (so that a node can skip its own messages
/// without decoding them); nothing when the bytes do not start like an envelope.
std::optional<std::uint64_t> envelope_instance(std::string_view bytes);
/// Nothing for bytes that are not a whole envelope of a known kind, or a broadcast whose payload
/// is neither a JSON object nor binary.
std::optional<ClusterEnvelope> decode_envelope(std::string_view bytes);

}  // namespace wick::detail
