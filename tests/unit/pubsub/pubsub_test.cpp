// Pubsub over real loops: fan-out to every loop's subscribers, the sender left out, skip lists,
// one hand-over per round to the other loops (in order), the cluster adapter's seam, and topics
// with history: numbered, delivered in offset order on every loop, read back by recover().
#include "pubsub/pubsub.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <future>
#include <mutex>
#include <thread>
#include <vector>
#include <wick/channel.hpp>
#include <wick/topic_router.hpp>

#include "channel/history_routes.hpp"
#include "net/event_loop.hpp"

namespace wick::detail {
namespace {

// Records what it receives; touched by its loop's thread, read by the test after a barrier.
class RecordingSubscriber : public Subscriber {
 public:
  explicit RecordingSubscriber(std::uint64_t id) : id_(id) {}
  // As a channel does: what leaves it out does not reach it.
  void receive(const std::shared_ptr<const BroadcastMessage>& message, const void* tag,
               bool excluded) override {
    if (excluded) return ++excluded_count, void();
    events.push_back(message->event());
    tags.push_back(tag);
    offsets.push_back(message->offset());
  }
  std::uint64_t subscriber_id() const override { return id_; }

  std::vector<std::string> events;
  std::vector<const void*> tags;
  std::vector<std::uint64_t> offsets;  // 0 for a broadcast without a position
  int excluded_count = 0;

 private:
  std::uint64_t id_;
};

class RecordingAdapter : public ClusterAdapter {
 public:
  void forward(std::string_view topic, std::string_view event, const Payload&) override {
    std::lock_guard lock(mutex);
    forwarded.push_back(std::string(topic) + " " + std::string(event));
  }
  bool interest(std::string_view topic, bool subscribed) override {
    std::lock_guard lock(mutex);
    interests.push_back((subscribed ? "+" : "-") + std::string(topic));
    return receiving_at_once;
  }
  bool receiving_at_once = true;
  std::mutex mutex;
  std::vector<std::string> forwarded;
  std::vector<std::string> interests;
};

class PubSubTest : public ::testing::Test {
 protected:
  PubSubTest() {
    for (unsigned i = 0; i < 2; ++i) {
      loops.push_back(std::make_shared<EventLoop>(i, std::chrono::seconds(1), settings));
    }
    pubsub = std::make_unique<PubSub>(loops);
    for (auto& loop : loops) loop->start();
  }
  ~PubSubTest() override {
    for (auto& loop : loops) loop->stop();
  }

  // Runs `fn` on loop `index` and waits for it, then for everything it posted there.
  template <class Fn>
  void on_loop(unsigned index, Fn fn) {
    std::promise<void> done;
    boost::asio::post(loops[index]->io(), [&] {
      fn();
      done.set_value();
    });
    done.get_future().wait();
    settle();
  }
  // Two empty rounds on every loop: whatever was posted before has run.
  void settle() {
    for (int round = 0; round < 2; ++round) {
      for (unsigned i = 0; i < loops.size(); ++i) {
        std::promise<void> done;
        boost::asio::post(loops[i]->io(), [&] { done.set_value(); });
        done.get_future().wait();
      }
    }
  }

  ConnectionSettings settings;
  std::vector<std::shared_ptr<EventLoop>> loops;
  std::unique_ptr<PubSub> pubsub;
  RecordingSubscriber a{1}, b{2}, c{3};
  int channel = 0;
};

TEST_F(PubSubTest, ReachesTheSubscribersOfEveryLoopButTheSender) {
  on_loop(0, [&] {
    pubsub->subscribe(*loops[0], "room:1", a, &channel);
    pubsub->subscribe(*loops[0], "room:2", b, &channel);
  });
  on_loop(1, [&] { pubsub->subscribe(*loops[1], "room:1", c, nullptr); });
  EXPECT_EQ(pubsub->subscription_count(), 3u);
  pubsub->broadcast("room:1", "from_outside", Payload());
  settle();
  on_loop(0, [&] { pubsub->broadcast("room:1", "from_a", Payload(), a.subscriber_id()); });
  EXPECT_EQ(a.events, std::vector<std::string>{"from_outside"});
  EXPECT_EQ(a.excluded_count, 1);  // told, and told it is the sender
  EXPECT_TRUE(b.events.empty());
  EXPECT_EQ(c.events, (std::vector<std::string>{"from_outside", "from_a"}));
  ASSERT_EQ(a.tags.size(), 1u);
  ASSERT_EQ(c.tags.size(), 2u);
  EXPECT_EQ(a.tags[0], &channel);
  EXPECT_EQ(c.tags[0], nullptr);
  EXPECT_THROW(pubsub->broadcast("room:1", "e", Payload(json::array{1})), std::invalid_argument);
}

TEST_F(PubSubTest, ARoundsBroadcastsReachTheOtherLoopsInOrder) {
  on_loop(1, [&] { pubsub->subscribe(*loops[1], "room:1", c, &channel); });
  on_loop(0, [&] {
    for (int i = 0; i < 5; ++i) pubsub->broadcast("room:1", std::to_string(i), Payload());
  });
  EXPECT_EQ(c.events, (std::vector<std::string>{"0", "1", "2", "3", "4"}));
}

TEST_F(PubSubTest, DeliverLeavesOutTheSkipList) {
  on_loop(0, [&] {
    pubsub->subscribe(*loops[0], "t", a, &channel);
    pubsub->subscribe(*loops[0], "t", b, &channel);
    pubsub->subscribe(*loops[0], "t", c, &channel);
    std::uint64_t skip[] = {1, 3};
    pubsub->deliver(*loops[0], std::make_shared<const BroadcastMessage>("t", "e", Payload(), 0),
                    skip);
  });
  EXPECT_TRUE(a.events.empty());
  EXPECT_EQ(b.events.size(), 1u);
  EXPECT_TRUE(c.events.empty());
  EXPECT_EQ(a.excluded_count + c.excluded_count, 2);
}

TEST_F(PubSubTest, TheAdapterForwardsAndFollowsTheNodesInterest) {
  auto adapter = std::make_shared<RecordingAdapter>();
  pubsub->set_adapter(adapter);
  on_loop(0, [&] {
    pubsub->subscribe(*loops[0], "room:1", a, &channel);
    pubsub->subscribe(*loops[0], "room:1", b, &channel);
  });
  on_loop(1, [&] { pubsub->subscribe(*loops[1], "room:1", c, &channel); });
  pubsub->broadcast("room:1", "hello", Payload());
  pubsub->local_broadcast("room:1", "from_another_node", Payload());
  settle();
  on_loop(0, [&] {
    pubsub->unsubscribe(*loops[0], "room:1", a, &channel);
    pubsub->unsubscribe(*loops[0], "room:1", b, &channel);
  });
  on_loop(1, [&] { pubsub->unsubscribe(*loops[1], "room:1", c, &channel); });
  std::lock_guard lock(adapter->mutex);
  EXPECT_EQ(adapter->forwarded, std::vector<std::string>{"room:1 hello"});  // not the remote one
  EXPECT_EQ(adapter->interests, (std::vector<std::string>{"+room:1", "-room:1"}));
  EXPECT_EQ(c.events, (std::vector<std::string>{"hello", "from_another_node"}));
}

TEST_F(PubSubTest, WithoutAnAdapterAJoinNeverWaits) {
  bool ran = false;
  on_loop(0,
          [&] { EXPECT_TRUE(pubsub->await_receiving(*loops[0], "room:1", [&] { ran = true; })); });
  EXPECT_FALSE(ran);
}

TEST_F(PubSubTest, AJoinWaitsUntilTheAdapterReceivesItsTopic) {
  auto adapter = std::make_shared<RecordingAdapter>();
  adapter->receiving_at_once = false;
  pubsub->set_adapter(adapter);
  std::mutex mutex;  // the two joins go on on their own loops
  std::vector<std::string> ran;
  auto note = [&](const char* what) {
    std::lock_guard lock(mutex);
    ran.push_back(what);
  };
  on_loop(0, [&] {
    EXPECT_FALSE(pubsub->await_receiving(*loops[0], "room:1", [&] {
      note("first");
      pubsub->subscribe(*loops[0], "room:1", a, &channel);
    }));
  });
  on_loop(1, [&] {
    EXPECT_FALSE(pubsub->await_receiving(*loops[1], "room:1", [&] { note("second"); }));
  });
  EXPECT_TRUE(ran.empty());
  pubsub->remote_ready("room:1");
  settle();
  std::sort(ran.begin(), ran.end());
  EXPECT_EQ(ran, (std::vector<std::string>{"first", "second"}));
  // Received now: the next join goes on at once, and the node asked only once.
  on_loop(1, [&] { EXPECT_TRUE(pubsub->await_receiving(*loops[1], "room:1", [] {})); });
  on_loop(0, [&] { pubsub->unsubscribe(*loops[0], "room:1", a, &channel); });
  std::lock_guard lock(adapter->mutex);
  // The second join never subscribed: the waits let go of the topic, and so did the subscriber.
  EXPECT_EQ(adapter->interests, (std::vector<std::string>{"+room:1", "-room:1"}));
}

TEST_F(PubSubTest, AJoinThatNeedsNoWaitHoldsItsTopicUntilItSubscribes) {
  auto adapter = std::make_shared<RecordingAdapter>();
  pubsub->set_adapter(adapter);
  on_loop(0, [&] {
    EXPECT_TRUE(pubsub->await_receiving(*loops[0], "room:1", [] {}));
    pubsub->subscribe(*loops[0], "room:1", a, &channel);
  });
  on_loop(0, [&] { EXPECT_TRUE(pubsub->await_receiving(*loops[0], "room:2", [] {})); });
  std::lock_guard lock(adapter->mutex);
  // room:1 stays (it has a subscriber); room:2's join was refused, say: its interest ends.
  EXPECT_EQ(adapter->interests, (std::vector<std::string>{"+room:1", "+room:2", "-room:2"}));
}

class PubSubHistoryTest : public PubSubTest {
 protected:
  PubSubHistoryTest() {
    std::size_t route = routes.add("log:*", [] { return nullptr; });
    routes.keep_history(route, {.size = 50});
    routes.add("room:*", [] { return nullptr; });
    pubsub->add_routes(history_routes(routes));
  }
  TopicRouter routes;
};

TEST_F(PubSubHistoryTest, OnlyTheTopicsOfARouteWithHistoryHaveAStream) {
  EXPECT_NE(pubsub->history_of("log:1"), nullptr);
  EXPECT_EQ(pubsub->history_of("room:1"), nullptr);
  EXPECT_EQ(pubsub->history_of("other"), nullptr);
  on_loop(0, [&] {
    pubsub->subscribe(*loops[0], "log:1", a, &channel);
    pubsub->subscribe(*loops[0], "room:1", b, &channel);
  });
  pubsub->broadcast("log:1", "e", Payload());
  pubsub->broadcast("room:1", "e", Payload());
  settle();
  EXPECT_EQ(a.offsets, std::vector<std::uint64_t>{1});
  EXPECT_EQ(b.offsets, std::vector<std::uint64_t>{0});
  EXPECT_EQ(pubsub->memory_stream_count(), 1u);
}

TEST_F(PubSubHistoryTest, RefusesPayloadsThatCannotCarryAPosition) {
  EXPECT_THROW(pubsub->broadcast("log:1", "e", Payload(Binary{"x"})), std::invalid_argument);
  EXPECT_THROW(pubsub->broadcast("log:1", "e", Payload({{"_wick", 1}})), std::invalid_argument);
  EXPECT_NO_THROW(pubsub->broadcast("room:1", "e", Payload({{"_wick", 1}})));
}

// Broadcasts made at once on both loops and on a thread of their own reach every subscriber in
// offset order, with no offset missing.
TEST_F(PubSubHistoryTest, EveryLoopGetsATopicsBroadcastsInOffsetOrder) {
  on_loop(0, [&] { pubsub->subscribe(*loops[0], "log:1", a, &channel); });
  on_loop(1, [&] { pubsub->subscribe(*loops[1], "log:1", c, &channel); });
  constexpr int each = 300;
  auto burst = [&] {
    for (int i = 0; i < each; ++i) pubsub->broadcast("log:1", "e", Payload());
  };
  for (unsigned i = 0; i < loops.size(); ++i) {
    boost::asio::post(loops[i]->io(), [&, i] {
      // In rounds, as handlers broadcast: a few at a time, then the loop runs its queue.
      for (int round = 0; round < each / 10; ++round) {
        boost::asio::post(loops[i]->io(), [&] {
          for (int k = 0; k < 10; ++k) pubsub->broadcast("log:1", "e", Payload());
        });
      }
    });
  }
  std::thread outside(burst);
  outside.join();
  // Each subscriber's record is read on its own loop: the loops are still delivering.
  auto fewest_delivered = [&] {
    std::size_t on_first = 0, on_second = 0;
    on_loop(0, [&] { on_first = a.offsets.size(); });
    on_loop(1, [&] { on_second = c.offsets.size(); });
    return std::min(on_first, on_second);
  };
  for (int wait = 0; wait < 200 && fewest_delivered() < 3 * each; ++wait) settle();
  std::vector<std::uint64_t> expected(3 * each);
  for (std::size_t i = 0; i < expected.size(); ++i) expected[i] = i + 1;
  for (const RecordingSubscriber* subscriber : {&a, &c}) {
    ASSERT_EQ(subscriber->offsets.size(), expected.size());
    auto out_of_order =
        std::is_sorted_until(subscriber->offsets.begin(), subscriber->offsets.end());
    EXPECT_EQ(out_of_order, subscriber->offsets.end())
        << "offset " << *out_of_order << " after " << *(out_of_order - 1);
    EXPECT_EQ(subscriber->offsets, expected);
  }
}

TEST_F(PubSubHistoryTest, ABroadcastOnALoopWithNothingWaitingIsDeliveredAtOnce) {
  on_loop(0, [&] {
    pubsub->subscribe(*loops[0], "log:1", a, &channel);
    pubsub->broadcast("log:1", "e", Payload());
    EXPECT_EQ(a.offsets, std::vector<std::uint64_t>{1});  // before the callback returns
  });
}

TEST_F(PubSubHistoryTest, RecoverGivesWhatAJoinMissedOrWhereTheStreamIs) {
  for (int i = 0; i < 5; ++i) pubsub->broadcast("log:1", std::to_string(i + 1), Payload());
  settle();
  StreamRecovery fresh, resumed, other_epoch;
  const History& history = *pubsub->history_of("log:1");
  on_loop(0, [&] { fresh = *pubsub->recover(*loops[0], history, "log:1", std::nullopt, {}); });
  EXPECT_EQ(fresh.position.offset, 5u);
  EXPECT_FALSE(fresh.recovered);
  EXPECT_TRUE(fresh.missed.empty());
  StreamPosition since{2, fresh.position.epoch};
  on_loop(0, [&] {
    resumed = *pubsub->recover(*loops[0], history, "log:1", since, {});
    other_epoch = *pubsub->recover(*loops[0], history, "log:1", StreamPosition{2, "another"}, {});
  });
  ASSERT_TRUE(resumed.recovered);
  ASSERT_EQ(resumed.missed.size(), 3u);
  EXPECT_EQ(resumed.missed[0]->event(), "3");
  EXPECT_EQ(resumed.missed[2]->offset(), 5u);
  EXPECT_FALSE(other_epoch.recovered);
  EXPECT_TRUE(other_epoch.missed.empty());
}

}  // namespace
}  // namespace wick::detail
