#pragma once
// The server's own counters, generated from the tables of wick/stats.hpp: node-wide ones that
// any loop increments, and each loop's traffic, written by the loop's thread only (an increment
// is then a plain load and store, no locked instruction) and read by any thread for stats.
#include <atomic>
#include <cstdint>
#include <wick/stats.hpp>

namespace wick::detail {

using Counter = std::atomic<std::uint64_t>;

/// Adds to a counter only one thread writes.
inline void add_single_writer(Counter& counter, std::uint64_t amount) {
  counter.store(counter.load(std::memory_order_relaxed) + amount, std::memory_order_relaxed);
}

/// Adds to a counter any thread writes.
inline void count_up(Counter& counter, std::uint64_t amount = 1) {
  counter.fetch_add(amount, std::memory_order_relaxed);
}

inline void count_down(Counter& counter, std::uint64_t amount = 1) {
  counter.fetch_sub(amount, std::memory_order_relaxed);
}

struct NodeCounters {
#define WICK_COUNTER_FIELD(field, metric, reason, type, help) Counter field{0};
  WICK_NODE_STATS(WICK_COUNTER_FIELD)
#undef WICK_COUNTER_FIELD

  /// Copies every node-wide counter into `stats`.
  void read_into(EndpointStats& stats) const {
#define WICK_COUNTER_READ(field, metric, reason, type, help) \
  stats.field = field.load(std::memory_order_relaxed);
    WICK_NODE_STATS(WICK_COUNTER_READ)
#undef WICK_COUNTER_READ
  }
};

/// One loop's traffic, on its own cache line.
struct alignas(64) LoopCounters {
#define WICK_COUNTER_FIELD(field, metric, reason, type, help) Counter field{0};
  WICK_LOOP_STATS(WICK_COUNTER_FIELD)
#undef WICK_COUNTER_FIELD

  /// Adds this loop's traffic to `stats`.
  void add_into(EndpointStats& stats) const {
#define WICK_COUNTER_ADD(field, metric, reason, type, help) \
  stats.field += field.load(std::memory_order_relaxed);
    WICK_LOOP_STATS(WICK_COUNTER_ADD)
#undef WICK_COUNTER_ADD
  }
};

}  // namespace wick::detail
