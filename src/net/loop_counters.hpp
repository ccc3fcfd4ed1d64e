#pragma once
// Traffic counters of one event loop. Only the loop's thread writes them (so an increment is a
// plain load and store, no locked instruction); any thread may read them for /metrics. Each
// loop's counters sit on their own cache line.
#include <atomic>
#include <cstdint>

namespace wick::detail {

struct alignas(64) LoopCounters {
  std::atomic<std::uint64_t> messages_in{0};   // decoded client messages
  std::atomic<std::uint64_t> messages_out{0};  // frames queued to sockets
  std::atomic<std::uint64_t> bytes_in{0};      // read from TCP
  std::atomic<std::uint64_t> bytes_out{0};     // written to TCP

  static void add(std::atomic<std::uint64_t>& counter, std::uint64_t amount) {
    counter.store(counter.load(std::memory_order_relaxed) + amount, std::memory_order_relaxed);
  }
};

}  // namespace wick::detail
