// Presence replication between three nodes, over an in-memory stand-in for Redis that delivers
// what is published to every node (the publisher included, as Redis does) or to one node's own
// channel, in order: deltas, states on a gap, node-down, restarts, leaves, and no relaying.
#include "cluster/presence_replication.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <utility>
#include <vector>

#include "../presence/tracker_parts.hpp"

namespace wick::detail {
namespace {

using std::chrono::milliseconds;

struct Bus;

// One node: its tracker and its replication, publishing into `bus`.
struct Member {
  Member(Bus& bus, std::string name, std::uint64_t instance);
  std::string name;
  test::TrackerNode node;
  PresenceReplication replication;
};

struct Bus {
  std::deque<std::pair<std::string, std::string>> queue;  // target node ("" for all), envelope
  std::vector<Member*> members;
  bool lose = false;  // messages published meanwhile are lost

  void deliver(SteadyClock::time_point now) {
    while (!queue.empty()) {
      auto [target, bytes] = std::move(queue.front());
      queue.pop_front();
      auto envelope = decode_envelope(bytes);
      ASSERT_TRUE(envelope);
      for (Member* member : members) {
        if (target.empty() || target == member->name) member->replication.receive(*envelope, now);
      }
    }
    for (Member* member : members) member->node.run();
  }
};

Member::Member(Bus& bus, std::string name, std::uint64_t instance)
    : name(name),
      node(name + "-replica-" + std::to_string(instance)),
      replication(*node.tracker, name, instance, milliseconds(10'000),
                  [&bus](const std::string& target, std::string envelope) {
                    if (!bus.lose) bus.queue.emplace_back(target, std::move(envelope));
                  }) {
  bus.members.push_back(this);
}

class PresenceReplicationTest : public ::testing::Test {
 protected:
  // Every node ships its deltas and beats once; the bus carries it all (states asked included).
  void round() {
    for (Member* member : bus.members) member->replication.ship_delta(true);
    bus.deliver(now);
    for (Member* member : bus.members) member->replication.tick(now, true);
    bus.deliver(now);
    bus.deliver(now);
  }
  bool lists(Member& member, const char* topic, const char* key) {
    return member.node.tracker->list(topic).contains(key);
  }

  PresenceReplicationTest() {
    for (Member* member : bus.members) member->node.watch("room:1");
  }

  SteadyClock::time_point now = SteadyClock::now();
  Bus bus;
  Member a{bus, "a", 1}, b{bus, "b", 2}, c{bus, "c", 3};
};

TEST_F(PresenceReplicationTest, EveryNodeListsWhatAnyNodeTracks) {
  a.node.tracker->track({1, "room:1", "1"}, "ana", {});
  b.node.tracker->track({7, "room:1", "1"}, "ana", {});  // the same user on another node
  round();
  for (Member* member : bus.members) {
    auto list = member->node.tracker->list("room:1");
    ASSERT_TRUE(list.contains("ana")) << member->name;
    EXPECT_EQ(list.at("ana").at("metas").as_array().size(), 2u) << member->name;
  }
  a.node.tracker->untrack_all(1, "room:1");
  round();
  for (Member* member : bus.members) {
    EXPECT_EQ(member->node.tracker->list("room:1").at("ana").at("metas").as_array().size(), 1u);
  }
}

TEST_F(PresenceReplicationTest, ALostDeltaIsRecoveredThroughTheHeartbeat) {
  round();  // everyone knows everyone
  a.node.tracker->track({1, "room:1", "1"}, "ana", {});
  bus.lose = true;
  a.replication.ship_delta(true);
  bus.lose = false;
  bus.deliver(now);
  EXPECT_FALSE(lists(b, "room:1", "ana"));
  now += milliseconds(1500);  // past the one-ask-a-second limit
  round();
  EXPECT_TRUE(lists(b, "room:1", "ana"));
  EXPECT_TRUE(lists(c, "room:1", "ana"));
}

TEST_F(PresenceReplicationTest, ASilentNodesPresencesLeaveAfterTheNodeDownTime) {
  a.node.tracker->track({1, "room:1", "1"}, "ana", {});
  round();
  ASSERT_TRUE(lists(b, "room:1", "ana"));
  b.replication.tick(now + milliseconds(9'000), false);
  EXPECT_TRUE(lists(b, "room:1", "ana"));
  b.replication.tick(now + milliseconds(10'500), false);
  b.node.run();
  EXPECT_FALSE(lists(b, "room:1", "ana"));
  EXPECT_FALSE(b.node.tracker->list("room:1").contains("ana"));
  ASSERT_FALSE(b.node.diffs.diffs.empty());
  EXPECT_TRUE(b.node.diffs.diffs.back().at("leaves").as_object().contains("ana"));
}

TEST_F(PresenceReplicationTest, ANodeRestartedUnderItsNameReplacesItsOldReplicaAtOnce) {
  a.node.tracker->track({1, "room:1", "1"}, "ana", {});
  round();
  ASSERT_TRUE(lists(b, "room:1", "ana"));
  // a dies without a word; a new instance comes up under its name and tracks bob.
  bus.members.erase(bus.members.begin());
  Member again{bus, "a", 99};
  again.node.tracker->track({1, "room:1", "1"}, "bob", {});
  round();
  for (Member* member : {&b, &c}) {
    EXPECT_FALSE(lists(*member, "room:1", "ana")) << member->name;  // no ghost
    EXPECT_TRUE(lists(*member, "room:1", "bob")) << member->name;
  }
}

TEST_F(PresenceReplicationTest, ANodeThatLeavesIsDroppedAtOnce) {
  a.node.tracker->track({1, "room:1", "1"}, "ana", {});
  round();
  a.replication.leave();
  bus.deliver(now);
  EXPECT_FALSE(lists(b, "room:1", "ana"));
  EXPECT_EQ(b.replication.peer_count(), 1u);
}

TEST_F(PresenceReplicationTest, NoNodeRelaysAnotherNodesEntries) {
  a.node.tracker->track({1, "room:1", "1"}, "ana", {});
  round();
  // c alone stops hearing from a and drops it; then it catches up with b's whole state.
  c.replication.tick(now + milliseconds(10'500), false);
  c.node.run();
  ASSERT_FALSE(lists(c, "room:1", "ana"));
  CausalSet b_state = b.node.tracker->own_state();
  c.node.tracker->merge(b_state);
  c.node.run();
  EXPECT_FALSE(lists(c, "room:1", "ana"));
  EXPECT_TRUE(lists(b, "room:1", "ana"));
}

}  // namespace
}  // namespace wick::detail
