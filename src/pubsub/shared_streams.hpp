#pragma once
// The seam for streams that every node of a cluster shares (the Redis cluster's): the store
// numbers each broadcast of a topic with history, keeps it, and hands it to every node that
// receives the topic through PubSub::deliver_from_stream, in offset order. Without one, a
// node keeps its streams in memory (pubsub/memory_streams.hpp).
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <wick/history.hpp>
#include <wick/payload.hpp>

#include "protocol/stream_position.hpp"
#include "pubsub/stream_recovery.hpp"

namespace wick::detail {

class EventLoop;

class SharedStreams {
 public:
  /// From any thread: appends the broadcast to its topic's stream and publishes it.
  virtual void append(const History& history, std::string_view topic, std::string_view event,
                      const Payload& payload, std::uint64_t from) = 0;
  /// On `loop`: reads what a join from `since` (none: a fresh join) finds; `done` runs on
  /// `loop`, always, unanswered when the store is out of reach.
  virtual void recover(EventLoop& loop, const History& history, std::string_view topic,
                       const std::optional<StreamPosition>& since,
                       std::function<void(StreamRecovery)> done) = 0;

 protected:
  ~SharedStreams() = default;
};

}  // namespace wick::detail
