#pragma once
// One event loop: a thread, its io_context, the residents (connections, long-poll sessions) it
// owns for their whole life, and the buffers every connection of the loop borrows.
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
#include "net/connection_settings.hpp"
#include "net/loop_resident.hpp"
#include "net/outbound_queue.hpp"

namespace wick::detail {

class EventLoop : public std::enable_shared_from_this<EventLoop> {
 public:
  using Clock = SteadyClock;

  /// Loop `index` of its endpoint; residents are swept for timeouts every `sweep_period`, and
  /// its connections read and write with `settings` (which must outlive the loop).
  EventLoop(unsigned index, std::chrono::milliseconds sweep_period,
            const ConnectionSettings& settings);
  ~EventLoop();

  /// Starts the loop's thread.
  void start();
  /// Stops the loop and joins its thread; connections still open are dropped.
  void stop();
  /// The loop running on this thread, or nullptr outside every loop.
  static EventLoop* current();

  boost::asio::io_context& io() { return io_; }
  unsigned index() const { return index_; }
  LoopCounters& counters() { return counters_; }
  const ConnectionSettings& connection_settings() const { return connection_settings_; }
  /// The receive buffer every connection of this loop reads into.
  std::span<char> read_buffer() { return read_buffer_; }

  /// Takes ownership; returns the resident's id, unique across all loops.
  std::uint64_t add(std::unique_ptr<LoopResident> resident);
  /// For a resident that must know its id when built: `make(id)` builds it, or gives nothing
  /// (then nothing is added and the result is 0).
  std::uint64_t add(const std::function<std::unique_ptr<LoopResident>(std::uint64_t id)>& make);
  /// Destroys a resident after the current callback (never under its own feet).
  void destroy_later(std::uint64_t id);
  LoopResident* find(std::uint64_t id);
  /// The resident `id` if it is a T (a connection's own callbacks use this).
  template <class T>
  T* find_as(std::uint64_t id) {
    return dynamic_cast<T*>(find(id));
  }
  std::size_t resident_count() const { return live_; }
  /// A server drain: closes up to `at_most` more residents (WebSockets with 1012), in slot
  /// order; returns how many are left to close.
  std::size_t drain(std::size_t at_most);
  /// Closes every resident for a server shutdown: the drain's last step, which also reaches
  /// one that took a slot the drain had passed. Closing one twice does nothing more.
  void close_all_for_shutdown();

  /// Flushes this resident at the end of the current round, together with every other one
  /// written to in that round (one writev each for connections).
  void schedule_flush(std::uint64_t id);

  /// The write-queue nodes every connection and long-poll session of this loop queues in.
  OutNodePool& out_nodes() { return out_nodes_; }

 private:
  struct Slot {
    std::unique_ptr<LoopResident> resident;
    // Starts at 1 so that no id is 0, which means "nobody" (a broadcast with no sender).
    std::uint32_t generation = 1;
  };

  void flush_scheduled();
  void arm_sweep();
  void sweep();

  const unsigned index_;
  const std::chrono::milliseconds sweep_period_;
  const ConnectionSettings& connection_settings_;
  boost::asio::io_context io_{1};
  boost::asio::steady_timer sweep_timer_;
  std::thread thread_;
  std::vector<char> read_buffer_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::size_t live_ = 0;
  std::size_t drained_ = 0;  // slots the drain has passed
  std::vector<std::uint64_t> flush_list_;
  bool flush_posted_ = false;
  OutNodePool out_nodes_;
  LoopCounters counters_;
};

}  // namespace wick::detail
