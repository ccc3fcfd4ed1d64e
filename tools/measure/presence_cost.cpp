// wick-presence-cost: memory per tracked presence and the time to list a large topic.
//
//   wick-presence-cost [entries=100000] [list_entries=10000]
//
// Tracks `entries` presences in one topic (one owner each, meta {"online_at": <seconds>} plus a
// phx_ref, as wick-rooms tracks them) in the tracker's own data structures, and reports the
// heap growth per entry (mallinfo2). Then lists a topic of `list_entries` entries into the
// presence_state JSON seven times and reports the median and the range.
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "presence/pending_diff.hpp"
#include "presence/phx_ref.hpp"
#include "presence/tracker_state.hpp"

namespace {

using wick::detail::PhxRefGenerator;
using wick::detail::PresenceEntry;
using wick::detail::PresenceListBuilder;
using wick::detail::TrackerState;

void fill(TrackerState& state, PhxRefGenerator& refs, const std::string& topic, int count) {
  for (int i = 0; i < count; ++i) {
    boost::json::object meta{{"online_at", 1700000000 + i}};
    meta["phx_ref"] = refs.next();
    state.track(static_cast<std::uint64_t>(i) + 1, topic, "user" + std::to_string(i),
                std::move(meta));
  }
}

}  // namespace

int main(int argc, char** argv) {
  int entries = argc > 1 ? std::stoi(argv[1]) : 100000;
  int list_entries = argc > 2 ? std::stoi(argv[2]) : 10000;
  PhxRefGenerator refs(1);

  TrackerState state("wick-node1");
  std::size_t before = mallinfo2().uordblks;
  fill(state, refs, "room:lobby", entries);
  state.take_delta();  // replication ships and drops the delta; what stays is the state
  std::size_t after = mallinfo2().uordblks;
  std::printf("{\"entries\":%d,\"heap_bytes\":%zu,\"bytes_per_presence\":%.0f}\n", entries,
              after - before, static_cast<double>(after - before) / entries);

  TrackerState listed("wick-node2");
  fill(listed, refs, "room:big", list_entries);
  std::vector<double> millis;
  std::size_t bytes = 0;
  for (int run = 0; run < 7; ++run) {
    auto start = std::chrono::steady_clock::now();
    PresenceListBuilder list;
    listed.for_each_in("room:big", [&](const PresenceEntry& e) { list.add(e.key, e.meta); });
    boost::json::object result = list.take();
    millis.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
    bytes = result.size();
  }
  std::sort(millis.begin(), millis.end());
  std::printf(
      "{\"list_entries\":%d,\"keys\":%zu,\"list_ms_median\":%.2f,\"list_ms_min\":%.2f,"
      "\"list_ms_max\":%.2f}\n",
      list_entries, bytes, millis[3], millis.front(), millis.back());
}
