// The presence CRDT: merge is commutative, associative and idempotent, and replicas that
// exchange deltas in any order (lost, repeated, reordered) converge on the same entries.
#include "presence/causal_set.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "presence/tracker_state.hpp"

namespace wick::detail {
namespace {

PresenceEntry entry(std::string topic, std::uint64_t owner, std::string key) {
  return {std::move(topic), owner, std::move(key), {{"phx_ref", key + std::to_string(owner)}}};
}

TEST(CausalSet, MergeAddsUnseenAndRemovesObservedAbsent) {
  CausalSet a;
  CausalSet b;
  a.insert({"a", 1}, entry("t", 1, "x"));
  b.merge(a);
  EXPECT_EQ(b.values().size(), 1u);
  a.erase({"a", 1});
  auto changes = b.merge(a);
  ASSERT_EQ(changes.leaves.size(), 1u);
  EXPECT_EQ(changes.leaves[0].entry.key, "x");
  EXPECT_TRUE(b.values().empty());
  // An old state that still has it cannot bring it back: its dot was seen and removed.
  CausalSet stale;
  stale.insert({"a", 1}, entry("t", 1, "x"));
  EXPECT_TRUE(b.merge(stale).joins.empty());
}

TEST(CausalSet, CompactsContiguousClocks) {
  CausalSet set;
  set.observe({"r", 2});
  set.observe({"r", 3});
  EXPECT_FALSE(set.seen({"r", 1}));
  set.observe({"r", 1});
  EXPECT_TRUE(set.seen({"r", 3}));
  CausalSet same;
  same.observe({"r", 1});
  same.observe({"r", 2});
  same.observe({"r", 3});
  EXPECT_EQ(set, same);
}

TEST(TrackerState, TracksUpdatesAndUntracks) {
  TrackerState state("a");
  ASSERT_TRUE(state.track(1, "room", "u1", {{"phx_ref", "r1"}}));
  EXPECT_FALSE(state.track(1, "room", "u1", {{"phx_ref", "r2"}}));
  ASSERT_TRUE(state.track(2, "room", "u1", {{"phx_ref", "r3"}}));  // a second tab
  auto update = state.update(1, "room", "u1", {{"phx_ref", "r4"}, {"status", "away"}});
  ASSERT_TRUE(update);
  EXPECT_EQ(update->leaves.size(), 1u);
  EXPECT_EQ(update->joins.size(), 1u);
  std::vector<std::string> refs;
  state.for_each_in("room", [&](const PresenceEntry& e) {
    refs.push_back(std::string(e.meta.at("phx_ref").as_string()));
  });
  std::sort(refs.begin(), refs.end());
  EXPECT_EQ(refs, (std::vector<std::string>{"r3", "r4"}));
  EXPECT_EQ(state.untrack_all(1, "room").leaves.size(), 1u);
  EXPECT_FALSE(state.untrack(1, "room", "u1"));
  EXPECT_TRUE(state.untrack(2, "room", "u1"));
  EXPECT_EQ(state.size(), 0u);
}

TEST(TrackerState, DropsAReplicaThatIsGone) {
  TrackerState a("a");
  TrackerState b("b");
  a.track(1, "room", "u1", {{"phx_ref", "r1"}});
  b.merge(a.take_delta());
  EXPECT_EQ(b.size(), 1u);
  EXPECT_EQ(b.drop_replica("a").leaves.size(), 1u);
  EXPECT_EQ(b.size(), 0u);
}

// Random operations on three replicas; returns each replica's delta after each operation.
struct Simulation {
  std::mt19937 random;
  std::vector<TrackerState> replicas;
  std::vector<CausalSet> deltas;

  explicit Simulation(unsigned seed) : random(seed) {
    for (const char* name : {"a", "b", "c"}) replicas.emplace_back(name);
  }

  void step() {
    TrackerState& replica = replicas[random() % replicas.size()];
    std::uint64_t owner = random() % 4;
    std::string topic = "t" + std::to_string(random() % 2);
    std::string key = "k" + std::to_string(random() % 3);
    switch (random() % 4) {
      case 0:
      case 1:
        replica.track(owner, topic, key, {{"phx_ref", std::to_string(random())}});
        break;
      case 2:
        replica.update(owner, topic, key, {{"phx_ref", std::to_string(random())}});
        break;
      default:
        replica.untrack(owner, topic, key);
    }
    deltas.push_back(replica.take_delta());
  }
};

TEST(CausalSetProperties, MergeIsCommutativeAssociativeAndIdempotent) {
  for (unsigned seed = 0; seed < 1000; ++seed) {
    Simulation sim(seed);
    int steps = 5 + static_cast<int>(sim.random() % 20);
    for (int i = 0; i < steps; ++i) sim.step();
    // Random partial histories: each replica merges a random subset of the deltas.
    for (TrackerState& replica : sim.replicas) {
      for (const CausalSet& delta : sim.deltas) {
        if (sim.random() % 2) replica.merge(delta);
      }
    }
    const CausalSet& a = sim.replicas[0].state();
    const CausalSet& b = sim.replicas[1].state();
    const CausalSet& c = sim.replicas[2].state();
    CausalSet ab = a, ba = b;
    ab.merge(b);
    ba.merge(a);
    ASSERT_EQ(ab, ba) << "commutativity, seed " << seed;
    CausalSet ab_c = ab, a_bc = a, bc = b;
    ab_c.merge(c);
    bc.merge(c);
    a_bc.merge(bc);
    ASSERT_EQ(ab_c, a_bc) << "associativity, seed " << seed;
    CausalSet aa = a;
    aa.merge(a);
    ASSERT_EQ(aa, a) << "idempotence, seed " << seed;
  }
}

TEST(CausalSetProperties, ReplicasConvergeUnderAnyDeliveryOrder) {
  for (unsigned seed = 0; seed < 2000; ++seed) {
    Simulation sim(seed);
    int steps = 5 + static_cast<int>(sim.random() % 30);
    for (int i = 0; i < steps; ++i) {
      sim.step();
      // Some deltas reach some replicas early, possibly twice.
      if (sim.random() % 3 == 0) {
        const CausalSet& delta = sim.deltas[sim.random() % sim.deltas.size()];
        sim.replicas[sim.random() % 3].merge(delta);
      }
    }
    // Then every replica gets every delta, in its own random order.
    for (TrackerState& replica : sim.replicas) {
      std::vector<CausalSet> shuffled = sim.deltas;
      std::shuffle(shuffled.begin(), shuffled.end(), sim.random);
      for (const CausalSet& delta : shuffled) replica.merge(delta);
    }
    ASSERT_EQ(sim.replicas[0].state().values(), sim.replicas[1].state().values())
        << "seed " << seed;
    ASSERT_EQ(sim.replicas[1].state().values(), sim.replicas[2].state().values())
        << "seed " << seed;
  }
}

}  // namespace
}  // namespace wick::detail
