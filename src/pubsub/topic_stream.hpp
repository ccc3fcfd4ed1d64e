#pragma once
// One topic's stream in this node's memory: its epoch, its last offset, and its newest
// broadcasts within the route's size and time to live. The caller holds its mutex around every
// call, and around the delivery of what it appends, so that each loop gets a topic's
// broadcasts in offset order (PubSub).
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>
#include <wick/history.hpp>
#include <wick/payload.hpp>

#include "clock.hpp"
#include "pubsub/stream_recovery.hpp"

namespace wick::detail {

class BroadcastMessage;

class TopicStream {
 public:
  /// A new stream of `history`, under a new `epoch`, delivered to `loops` loops.
  TopicStream(const History& history, std::string epoch, std::size_t loops);

  std::mutex mutex;

  /// The next broadcast: numbered, kept, and given back to deliver.
  std::shared_ptr<const BroadcastMessage> append(std::string topic, std::string event,
                                                 Payload payload, std::uint64_t from,
                                                 SteadyClock::time_point now);
  /// What a join from `since` (none: a fresh join) finds.
  StreamRecovery recover(const std::optional<StreamPosition>& since, SteadyClock::time_point now);
  /// Drops what outlived the time to live; true when the stream itself has been quiet past
  /// its position_ttl and may go.
  bool expire(SteadyClock::time_point now);

  /// The broadcasts on their way to loop `index`, oldest first: appended under the mutex and
  /// taken, all at once, by the one delivery posted to that loop when the first came. While
  /// there are some, a broadcast made on that loop waits its turn behind them.
  std::vector<std::shared_ptr<const BroadcastMessage>>& queued(std::size_t index) {
    return queued_[index];
  }
  std::size_t kept() const { return entries_.size(); }

 private:
  struct Entry {
    SteadyClock::time_point at;
    std::shared_ptr<const BroadcastMessage> message;
  };

  const History history_;
  const std::shared_ptr<const std::string> epoch_;
  std::uint64_t last_offset_ = 0;
  SteadyClock::time_point last_used_;
  std::deque<Entry> entries_;
  std::vector<std::vector<std::shared_ptr<const BroadcastMessage>>> queued_;
};

}  // namespace wick::detail
