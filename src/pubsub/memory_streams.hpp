#pragma once
// This node's streams, one per topic with history that was broadcast to or joined: made on
// first use under a new random epoch (so a restarted node's streams never pass for the ones
// before), dropped once quiet past their position_ttl. Any thread.
#include <cstddef>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <wick/history.hpp>

#include "clock.hpp"
#include "pubsub/topic_registry.hpp"
#include "pubsub/topic_stream.hpp"

namespace wick::detail {

class MemoryStreams {
 public:
  /// Streams delivered to `loops` loops.
  explicit MemoryStreams(std::size_t loops);

  /// The topic's stream, made when it has none.
  std::shared_ptr<TopicStream> stream(std::string_view topic, const History& history,
                                      SteadyClock::time_point now);
  std::size_t size() const;

 private:
  /// At most once a second: expired broadcasts go, and quiet streams with them.
  void sweep(SteadyClock::time_point now);
  std::string new_epoch();

  const std::size_t loops_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<TopicStream>, StringHash, std::equal_to<>>
      streams_;
  SteadyClock::time_point next_sweep_;
  std::mt19937_64 random_;
};

}  // namespace wick::detail
