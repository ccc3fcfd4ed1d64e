#include "net/outbound_queue.hpp"

#include "counters.hpp"
#include "log.hpp"
#include "net/event_loop.hpp"

namespace wick::detail {

bool OutboundQueue::push(EventLoop& loop, SharedFrame frame, const OutboundLimit& limit,
                         std::size_t extra) {
  OutNode* node = loop.take_node(std::move(frame));
  bytes_ += node->frame.size();
  ++frames_;
  if (tail_) {
    tail_->next = node;
  } else {
    head_ = node;
  }
  tail_ = node;
  return bytes_ + extra <= limit.bytes && frames_ <= limit.frames;
}

void OutboundQueue::drop_written(EventLoop& loop, std::size_t bytes) {
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
    loop.give_back(done);
  }
}

void OutboundQueue::clear(EventLoop& loop) {
  while (head_) {
    OutNode* next = head_->next;
    loop.give_back(head_);
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
