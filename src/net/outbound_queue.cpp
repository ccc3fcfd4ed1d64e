#include "net/outbound_queue.hpp"

#include "counters.hpp"
#include "log.hpp"

namespace wick::detail {

namespace {

constexpr std::size_t nodes_per_chunk = 256;

}  // namespace

void OutNodePool::grow() {
  chunks_.push_back(std::make_unique<OutNode[]>(nodes_per_chunk));
  OutNode* chunk = chunks_.back().get();
  for (std::size_t i = 0; i < nodes_per_chunk; ++i) give_back(&chunk[i]);
}

void OutboundQueue::drop_written(OutNodePool& pool, std::size_t bytes) {
  bytes_ -= bytes;
  while (bytes > 0) {
    std::size_t left = head_->frame.size() - front_offset_;
    if (bytes < left) {
      front_offset_ += static_cast<std::uint32_t>(bytes);
      return;
    }
    bytes -= left;
    front_offset_ = 0;
    OutNode* done = head_;
    head_ = done->next;
    if (!head_) tail_ = nullptr;
    --frames_;
    pool.give_back(done);
  }
}

void OutboundQueue::clear(OutNodePool& pool) {
  while (head_) {
    OutNode* next = head_->next;
    pool.give_back(head_);
    head_ = next;
  }
  tail_ = nullptr;
  bytes_ = 0;
  front_offset_ = 0;
  frames_ = 0;
}

void note_slow_consumer(NodeCounters& counters, const char* what) {
  count_up(counters.slow_consumer_disconnects);
  log::warn(std::string("disconnecting a slow consumer: ") + what);
}

}  // namespace wick::detail
