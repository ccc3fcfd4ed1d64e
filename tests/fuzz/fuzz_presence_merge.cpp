// libFuzzer target: the presence CRDT under any interleaving of tracks, updates, untracks,
// delta extraction and delivery (lost, repeated, reordered) and full-state merges among three
// replicas. After everyone exchanges full states, all replicas must hold the same entries, and
// merging again must change nothing.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "presence/tracker_state.hpp"

using namespace wick::detail;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<TrackerState> replicas{TrackerState("a"), TrackerState("b"), TrackerState("c")};
  std::vector<CausalSet> deltas;
  std::uint64_t ref = 0;
  for (std::size_t i = 0; i + 3 < size; i += 4) {
    TrackerState& here = replicas[data[i + 1] % 3];
    TrackerState& there = replicas[data[i + 2] % 3];
    std::uint64_t owner = data[i + 3] % 4;
    std::string topic = "t" + std::to_string((data[i + 3] >> 2) % 2);
    std::string key = "k" + std::to_string((data[i + 3] >> 3) % 3);
    boost::json::object meta{{"phx_ref", std::to_string(++ref)}};
    switch (data[i] % 6) {
      case 0:
        here.track(owner, topic, key, meta);
        break;
      case 1:
        here.update(owner, topic, key, meta);
        break;
      case 2:
        here.untrack(owner, topic, key);
        break;
      case 3:
        if (deltas.size() < 32) deltas.push_back(here.take_delta());
        break;
      case 4:
        if (!deltas.empty()) there.merge(deltas[data[i + 3] % deltas.size()]);
        break;
      case 5:
        there.merge(here.state());
        break;
    }
  }
  for (int round = 0; round < 2; ++round) {
    for (auto& to : replicas) {
      for (auto& from : replicas) to.merge(from.state());
    }
  }
  for (auto& replica : replicas) {
    if (replica.state().values() != replicas[0].state().values()) __builtin_trap();
    auto again = replica.merge(replicas[0].state());
    if (!again.joins.empty() || !again.leaves.empty()) __builtin_trap();
  }
  return 0;
}
