#include "pubsub/topic_stream.hpp"

#include "pubsub/broadcast_message.hpp"

namespace wick::detail {

TopicStream::TopicStream(const History& history, std::string epoch, std::size_t loops)
    : history_(history),
      epoch_(std::make_shared<const std::string>(std::move(epoch))),
      last_used_(SteadyClock::now()),
      queued_(loops) {}

std::shared_ptr<const BroadcastMessage> TopicStream::append(std::string topic, std::string event,
                                                            Payload payload, std::uint64_t from,
                                                            SteadyClock::time_point now) {
  auto message = std::make_shared<const BroadcastMessage>(
      std::move(topic), std::move(event), std::move(payload), from, ++last_offset_, epoch_);
  entries_.push_back({now, message});
  while (entries_.size() > history_.size) entries_.pop_front();
  expire(now);
  last_used_ = now;
  return message;
}

StreamRecovery TopicStream::recover(const std::optional<StreamPosition>& since,
                                    SteadyClock::time_point now) {
  expire(now);
  last_used_ = now;
  StreamRecovery recovery;
  recovery.position = {last_offset_, *epoch_};
  if (!since) return recovery;
  std::uint64_t first_kept = entries_.empty() ? 0 : entries_.front().message->offset();
  recovery.recovered = recoverable(*since, recovery.position, first_kept, history_.recovery_cap);
  if (!recovery.recovered) return recovery;
  // Offsets are consecutive from first_kept, so the first one missed is found by arithmetic.
  for (std::size_t i = since->offset + 1 - (first_kept ? first_kept : 1); i < entries_.size();
       ++i) {
    recovery.missed.push_back(entries_[i].message);
  }
  return recovery;
}

bool TopicStream::expire(SteadyClock::time_point now) {
  while (!entries_.empty() && now - entries_.front().at > history_.ttl) entries_.pop_front();
  return entries_.empty() && now - last_used_ > history_.position_ttl;
}

}  // namespace wick::detail
