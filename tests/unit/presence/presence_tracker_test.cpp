// The node's presence tracker over real pubsub: local changes become presence_diff for the
// topic's subscribers, a client that asks gets presence_state instead of the window's diff, and
// the replication seam (take_delta, merge, drop_replica) carries presences between two trackers
// that know nothing of how the deltas travel.
#include "presence/presence_tracker.hpp"

#include <gtest/gtest.h>

#include "tracker_parts.hpp"

namespace wick::detail {
namespace {

using test::DiffRecorder;
using Node = test::TrackerNode;

const PresenceTracker::Owner ana_tab{1, "room:1", "1"};

TEST(PresenceTracker, ATrackIsADiffForTheTopicAndAStateForWhoAsks) {
  Node node("node-a");
  DiffRecorder watcher(7);
  DiffRecorder asker(1);
  node.pubsub->subscribe(*node.loops[0], "room:1", watcher, &watcher);
  node.pubsub->subscribe(*node.loops[0], "room:1", asker, &asker);
  ASSERT_TRUE(node.tracker->track(ana_tab, "ana", {{"status", "here"}}));
  EXPECT_FALSE(node.tracker->track(ana_tab, "ana", {}));  // that channel tracks it already
  node.tracker->request_state(ana_tab);
  node.run();
  ASSERT_EQ(watcher.diffs.size(), 1u);
  EXPECT_TRUE(watcher.diffs[0].at("joins").as_object().contains("ana"));
  EXPECT_TRUE(asker.diffs.empty());  // the state it asked for holds the join already
  ASSERT_EQ(node.delivery.states.size(), 1u);
  EXPECT_EQ(node.delivery.states[0].at("ana").at("metas").as_array().size(), 1u);
  EXPECT_EQ(node.tracker->size(), 1u);
}

TEST(PresenceTracker, ReplicatesThroughDeltasAndForgetsADroppedReplica) {
  Node a("node-a");
  Node b("node-b");
  DiffRecorder on_b(9);
  b.pubsub->subscribe(*b.loops[0], "room:1", on_b, &on_b);
  a.tracker->track(ana_tab, "ana", {{"status", "here"}});
  a.tracker->track({2, "room:2", "1"}, "bob", {});
  CausalSet delta = a.tracker->take_delta();
  EXPECT_TRUE(a.tracker->take_delta().empty());  // taken
  b.tracker->merge(delta);
  b.tracker->merge(delta);  // twice: nothing new
  b.run();
  ASSERT_EQ(on_b.diffs.size(), 1u);
  EXPECT_TRUE(on_b.diffs[0].at("joins").as_object().contains("ana"));
  EXPECT_TRUE(b.tracker->list("room:1").contains("ana"));
  EXPECT_TRUE(b.tracker->list("room:2").contains("bob"));
  EXPECT_EQ(b.tracker->size(), 2u);

  b.tracker->drop_replica(a.tracker->replica());
  b.run();
  ASSERT_EQ(on_b.diffs.size(), 2u);
  EXPECT_TRUE(on_b.diffs[1].at("leaves").as_object().contains("ana"));
  EXPECT_TRUE(b.tracker->list("room:1").empty());
  EXPECT_EQ(b.tracker->size(), 0u);
}

TEST(PresenceTracker, AFullStateCatchesUpAReplicaThatMissedDeltas) {
  Node a("node-a");
  Node b("node-b");
  a.tracker->track(ana_tab, "ana", {});
  a.tracker->take_delta();  // lost on the way
  a.tracker->untrack_all(1, "room:1");
  a.tracker->track({3, "room:1", "1"}, "cy", {});
  b.tracker->merge(a.tracker->own_state());
  EXPECT_FALSE(b.tracker->list("room:1").contains("ana"));
  EXPECT_TRUE(b.tracker->list("room:1").contains("cy"));
}

}  // namespace
}  // namespace wick::detail
