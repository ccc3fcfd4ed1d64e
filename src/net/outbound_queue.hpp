#pragma once
// The frames waiting for one client, in order: references to shared frames, in nodes from the
// loop's pool (queueing costs no allocation in the steady state). Both transports queue here,
// and both use the one slow-consumer policy: a queue over its bound is a client that does not
// keep up, and the owner disconnects it rather than buffer without end.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "net/shared_frame.hpp"

namespace wick::detail {

struct NodeCounters;

/// A write-queue entry: one reference to a shared frame.
struct OutNode {
  OutNode* next = nullptr;
  SharedFrame frame;
};

/// One loop's write-queue nodes: allocated in chunks, recycled through a free list, so queueing
/// a frame costs no allocation in the steady state. Inline: it runs once per subscriber of
/// every broadcast.
class OutNodePool {
 public:
  OutNode* take(SharedFrame frame) {
    if (!free_) grow();
    OutNode* node = free_;
    free_ = node->next;
    node->next = nullptr;
    node->frame = std::move(frame);
    return node;
  }
  /// Drops the node's reference and keeps the node for the next take().
  void give_back(OutNode* node) {
    node->frame = SharedFrame();
    node->next = free_;
    free_ = node;
  }

 private:
  void grow();

  std::vector<std::unique_ptr<OutNode[]>> chunks_;
  OutNode* free_ = nullptr;
};

/// Bounds of one client's queue: bytes (frames as queued, headers included), and frames.
struct OutboundLimit {
  std::size_t bytes = 0;
  std::size_t frames = SIZE_MAX;
};

class OutboundQueue {
 public:
  OutboundQueue() = default;
  OutboundQueue(const OutboundQueue&) = delete;
  OutboundQueue& operator=(const OutboundQueue&) = delete;

  /// Appends `frame`. False when the queue is now over `limit` (`extra` bytes waiting
  /// elsewhere count too, TLS output for one): the client is a slow consumer.
  /// Inline, as the pool is.
  bool push(OutNodePool& pool, SharedFrame frame, const OutboundLimit& limit,
            std::size_t extra = 0) {
    OutNode* node = pool.take(std::move(frame));
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
  /// The first frame not fully written, and how much of it was.
  OutNode* front() const { return head_; }
  std::uint32_t front_offset() const { return front_offset_; }
  /// `bytes` from the front were written: frames fully written go back to the pool.
  void drop_written(OutNodePool& pool, std::size_t bytes);
  /// Gives every frame back.
  void clear(OutNodePool& pool);

  bool empty() const { return head_ == nullptr; }
  std::uint32_t frames() const { return frames_; }

 private:
  OutNode* head_ = nullptr;
  OutNode* tail_ = nullptr;
  std::size_t bytes_ = 0;
  std::uint32_t front_offset_ = 0;
  std::uint32_t frames_ = 0;
};

/// The slow-consumer policy's bookkeeping, the same for every transport: counted and logged.
void note_slow_consumer(NodeCounters& counters, const char* what);

}  // namespace wick::detail
