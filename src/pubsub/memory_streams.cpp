#include "pubsub/memory_streams.hpp"

#include "protocol/stream_position.hpp"

namespace wick::detail {
namespace {

constexpr auto sweep_period = std::chrono::seconds(1);

}  // namespace

MemoryStreams::MemoryStreams(std::size_t loops)
    : loops_(loops),
      next_sweep_(SteadyClock::now() + sweep_period),
      random_(std::random_device{}()) {}

std::shared_ptr<TopicStream> MemoryStreams::stream(std::string_view topic, const History& history,
                                                   SteadyClock::time_point now) {
  std::lock_guard lock(mutex_);
  if (now >= next_sweep_) sweep(now);
  auto it = streams_.find(topic);
  if (it != streams_.end()) return it->second;
  auto made = std::make_shared<TopicStream>(history, new_epoch(), loops_);
  streams_.emplace(std::string(topic), made);
  return made;
}

std::size_t MemoryStreams::size() const {
  std::lock_guard lock(mutex_);
  return streams_.size();
}

void MemoryStreams::sweep(SteadyClock::time_point now) {
  next_sweep_ = now + sweep_period;
  for (auto it = streams_.begin(); it != streams_.end();) {
    bool quiet;
    {
      std::lock_guard lock(it->second->mutex);
      quiet = it->second->expire(now);
    }
    // Only the map holds it (copies are made under mutex_): no broadcast is on its way in.
    it = quiet && it->second.use_count() == 1 ? streams_.erase(it) : std::next(it);
  }
}

// Under mutex_.
std::string MemoryStreams::new_epoch() { return epoch_text(random_()); }

}  // namespace wick::detail
