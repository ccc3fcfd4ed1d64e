#pragma once
// One event loop: a thread, its io_context, the residents (connections, long-poll sessions) it
// owns for their whole life, its share of the topic subscriptions, and the buffers every
// connection of the loop borrows.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <thread>
#include <vector>

#include "clock.hpp"
#include "counters.hpp"
#include "net/loop_resident.hpp"
#include "net/shared_frame.hpp"
#include "pubsub/topic_registry.hpp"

namespace wick::detail {

class BroadcastMessage;
class EndpointCore;
class SocketState;

/// A write-queue entry: one reference to a shared frame.
struct OutNode {
  OutNode* next = nullptr;
  SharedFrame frame;
};

class EventLoop : public std::enable_shared_from_this<EventLoop> {
 public:
  using Clock = SteadyClock;

  EventLoop(EndpointCore& core, unsigned index);
  ~EventLoop();

  /// Starts the loop's thread.
  void start();
  /// Stops the loop and joins its thread; connections still open are dropped.
  void stop();
  /// The loop running on this thread, or nullptr outside every loop.
  static EventLoop* current();

  boost::asio::io_context& io() { return io_; }
  EndpointCore& core() { return core_; }
  unsigned index() const { return index_; }
  TopicRegistry& topics() { return topics_; }
  LoopCounters& counters() { return counters_; }
  /// The receive buffer every connection of this loop reads into.
  std::span<char> read_buffer() { return read_buffer_; }

  /// Takes ownership; returns the resident's id, unique across all loops.
  std::uint64_t add(std::unique_ptr<LoopResident> resident);
  /// Destroys a resident after the current callback (never under its own feet).
  void destroy_later(std::uint64_t id);
  LoopResident* find(std::uint64_t id);
  /// The resident `id` if it is a T (a connection's own callbacks use this).
  template <class T>
  T* find_as(std::uint64_t id) {
    return dynamic_cast<T*>(find(id));
  }
  std::size_t resident_count() const { return live_; }
  /// Closes every resident for a server shutdown (WebSockets with 1001).
  void close_all_for_shutdown();
  /// The socket of resident `id`, if it is still here and has one (call on this loop).
  SocketState* find_socket(std::uint64_t id);
  /// Runs `fn` on this loop with the socket of resident `id`, if it still has one.
  void post_to_socket(std::uint64_t id, std::function<void(SocketState&)> fn);

  /// Flushes this resident at the end of the current round, together with every other one
  /// written to in that round (one writev each for connections).
  void schedule_flush(std::uint64_t id);

  OutNode* take_node(SharedFrame frame);
  void give_back(OutNode* node);

  /// Broadcasts made on this loop in the current round that the other loops have yet to get
  /// (PubSub hands them over together; only this loop touches the list).
  std::vector<std::shared_ptr<const BroadcastMessage>>& outgoing_broadcasts() {
    return outgoing_broadcasts_;
  }

 private:
  struct Slot {
    std::unique_ptr<LoopResident> resident;
    // Starts at 1 so that no id is 0, which means "nobody" (a broadcast with no sender).
    std::uint32_t generation = 1;
  };

  void flush_scheduled();
  void arm_sweep();
  void sweep();

  EndpointCore& core_;
  const unsigned index_;
  boost::asio::io_context io_{1};
  boost::asio::steady_timer sweep_timer_;
  std::thread thread_;
  std::vector<char> read_buffer_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::size_t live_ = 0;
  std::vector<std::uint64_t> flush_list_;
  bool flush_posted_ = false;
  std::vector<std::unique_ptr<OutNode[]>> node_chunks_;
  OutNode* free_nodes_ = nullptr;
  TopicRegistry topics_;
  LoopCounters counters_;
  std::vector<std::shared_ptr<const BroadcastMessage>> outgoing_broadcasts_;
};

}  // namespace wick::detail
