#pragma once
// A channel on a topic with history, and where its client stands in the topic's stream: the
// position its join asked to resume from, the join's answer while the stream is read, the live
// broadcasts and the channel's own messages that arrive meanwhile (held, then merged or
// handled), and the offset up to which live
// broadcasts are left out because the recovery pushed them or they precede the join.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include <wick/history.hpp>
#include <wick/payload.hpp>

#include "protocol/stream_position.hpp"

namespace wick::detail {

class BroadcastMessage;

struct StreamFollow {
  using MessagePtr = std::shared_ptr<const BroadcastMessage>;

  /// Live broadcasts held while the stream is read; beyond this the channel crashes, and its
  /// client rejoins from where it was.
  static constexpr std::size_t held_max = 10'000;

  StreamFollow(const History& history, std::optional<StreamPosition> requested)
      : history(history), requested(std::move(requested)) {}

  /// Whether a live broadcast of the topic goes to the client now: one that arrives while the
  /// stream is read is held instead, numbered or not; one the recovery covered is left out.
  bool admits(const MessagePtr& message);

  const History& history;                   // the route's
  std::optional<StreamPosition> requested;  // where the join asked to resume
  // The join, accepted, waits for the stream: its answer and the ref it answers.
  bool recovering = false;
  json::value response;
  std::optional<std::string> join_message_ref;
  std::vector<MessagePtr> held;
  // What the channel sent itself meanwhile (from join, say): handled after the answer, in order.
  std::vector<json::value> held_infos;
  // Live broadcasts of `epoch` up to this offset are not pushed (0: none left out).
  std::uint64_t covered_through = 0;
  std::string epoch;
  // The broadcast whose handle_out runs: what the channel pushes meanwhile carries its position.
  const BroadcastMessage* handling = nullptr;
};

}  // namespace wick::detail
