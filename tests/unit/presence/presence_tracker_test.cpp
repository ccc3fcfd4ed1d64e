// The node's presence tracker over real pubsub: local changes become presence_diff for the
// topic's subscribers, a client that asks gets presence_state instead of the window's diff, and
// the replication seam (take_delta, merge, drop_replica) carries presences between two trackers
// that know nothing of how the deltas travel.
#include "presence/presence_tracker.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "net/event_loop.hpp"
#include "presence/state_push.hpp"
#include "pubsub/pubsub.hpp"

namespace wick::detail {
namespace {

class DiffRecorder : public Subscriber {
 public:
  explicit DiffRecorder(std::uint64_t id) : id_(id) {}
  void receive(const std::shared_ptr<const BroadcastMessage>& message, const void*,
               bool excluded) override {
    if (!excluded) diffs.push_back(message->payload().json().as_object());
  }
  std::uint64_t subscriber_id() const override { return id_; }
  std::vector<boost::json::object> diffs;

 private:
  std::uint64_t id_;
};

class RecordingDelivery : public PresenceTracker::StateDelivery {
 public:
  bool send_state(EventLoop&, const PresenceTracker::Owner& owner, const BroadcastMessage*,
                  StatePush& state) override {
    SharedFrame frame = state.frame(serializer_for(SerializerVersion::v2), owner.join_ref);
    states.push_back(boost::json::parse(frame.payload()).as_array().at(4).as_object());
    return true;
  }
  std::vector<boost::json::object> states;
};

// One node: a loop (run by hand), its pubsub, its tracker (no coalescing window).
struct Node {
  explicit Node(std::string name) {
    loops.push_back(std::make_shared<EventLoop>(0, std::chrono::seconds(1), settings));
    pubsub = std::make_unique<PubSub>(loops);
    tracker = std::make_unique<PresenceTracker>(loops, *pubsub, delivery, std::move(name),
                                                std::chrono::milliseconds(0));
  }
  void run() {
    for (int i = 0; i < 3; ++i) {
      loops[0]->io().restart();
      loops[0]->io().poll();
    }
  }
  ConnectionSettings settings;
  std::vector<std::shared_ptr<EventLoop>> loops;
  std::unique_ptr<PubSub> pubsub;
  RecordingDelivery delivery;
  std::unique_ptr<PresenceTracker> tracker;
};

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
  b.tracker->merge(a.tracker->state());
  EXPECT_FALSE(b.tracker->list("room:1").contains("ana"));
  EXPECT_TRUE(b.tracker->list("room:1").contains("cy"));
}

}  // namespace
}  // namespace wick::detail
