// Long-poll requests relayed between nodes: two relays on one loop, joined by a fake Redis that
// delivers each node's envelopes to the node they name (and says whether anyone listens there).
#include "cluster/longpoll_relay.hpp"

#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <map>
#include <set>
#include <thread>

#include "net/connection_settings.hpp"
#include "net/event_loop.hpp"

namespace wick::detail {
namespace {

using std::chrono::milliseconds;

class LongPollRelayTest : public ::testing::Test {
 protected:
  void run() {
    loop.io().restart();
    loop.io().poll();
  }

  std::shared_ptr<LongPollRelay> make_node(const std::string& name, LongPollRelay::Serve serve) {
    auto relay = std::make_shared<LongPollRelay>(
        loop, name, nodes.size() + 1, patience,
        [this](const std::string& node, std::string envelope, LongPollRelay::Reached reached) {
          auto target = nodes.find(node);
          bool listening = target != nodes.end() && !unplugged.count(node);
          if (reached) reached(listening);
          if (!listening) return;
          boost::asio::post(loop.io(), [relay = target->second, envelope] {
            auto decoded = decode_envelope(envelope);
            ASSERT_TRUE(decoded);
            relay->receive(*decoded);
          });
        },
        std::move(serve), counters);
    nodes[name] = relay;
    return relay;
  }

  // What came back for a request: nothing yet, or the answer (a body, or nothing: gone).
  using Outcome = std::shared_ptr<std::optional<std::optional<std::string>>>;

  // Relays a GET (or a POST) for `token` from a to b, and runs the loop.
  Outcome ask(const std::string& token, bool post = false) {
    auto outcome = std::make_shared<std::optional<std::optional<std::string>>>();
    RelayedLongPoll request{post, token, post ? "application/x-ndjson" : "", post ? "[1]" : ""};
    a->relay("b", request, [outcome](std::optional<std::string> body) {
      EXPECT_FALSE(*outcome) << "answered twice";
      *outcome = std::move(body);
    });
    run();
    return outcome;
  }

  ConnectionSettings settings;
  EventLoop loop{0, std::chrono::seconds(1), settings};
  NodeCounters counters;
  const milliseconds patience{12'000};
  std::map<std::string, std::shared_ptr<LongPollRelay>> nodes;
  std::set<std::string> unplugged;
  std::vector<RelayedLongPoll> served;  // at b
  RelayedAnswer held;                   // a request b has not answered yet
  std::shared_ptr<LongPollRelay> a = make_node("a", nullptr);
  std::shared_ptr<LongPollRelay> b =
      make_node("b", [this](RelayedLongPoll request, RelayedAnswer answer) {
        served.push_back(request);
        if (request.token == "gone") return answer(std::nullopt);
        if (request.token == "wait") {
          held = std::move(answer);
          return;
        }
        answer("body for " + request.token);
      });
};

TEST_F(LongPollRelayTest, TheNodeOfTheSessionAnswersThroughTheRelay) {
  EXPECT_EQ(*ask("t1"), std::optional<std::string>("body for t1"));
  EXPECT_EQ(*ask("t2", true), std::optional<std::string>("body for t2"));
  ASSERT_EQ(served.size(), 2u);
  EXPECT_FALSE(served[0].post);
  EXPECT_TRUE(served[1].post);
  EXPECT_EQ(served[1].content_type, "application/x-ndjson");
  EXPECT_EQ(served[1].body, "[1]");
  EXPECT_EQ(a->in_flight(), 0u);
  EXPECT_EQ(counters.cluster_longpoll_relayed.load(), 2u);
  EXPECT_EQ(counters.cluster_longpoll_served.load(), 2u);
  EXPECT_EQ(counters.cluster_longpoll_lost.load(), 0u);
}

TEST_F(LongPollRelayTest, ASessionTheNodeDoesNotHaveIsGone) {
  auto outcome = ask("gone");
  ASSERT_TRUE(*outcome);
  EXPECT_FALSE(**outcome);
}

TEST_F(LongPollRelayTest, ANodeNobodyListensForIsGoneAtOnce) {
  unplugged.insert("b");
  auto outcome = ask("t1");
  ASSERT_TRUE(*outcome);
  EXPECT_FALSE(**outcome);
  EXPECT_TRUE(served.empty());
  EXPECT_EQ(counters.cluster_longpoll_lost.load(), 1u);
}

TEST_F(LongPollRelayTest, AnUnansweredRequestIsGivenUpOnAfterItsPatienceAndALateAnswerIgnored) {
  auto outcome = ask("wait");
  ASSERT_TRUE(held);
  a->tick(SteadyClock::now() + patience - milliseconds(500));
  EXPECT_FALSE(*outcome);
  a->tick(SteadyClock::now() + patience + milliseconds(1));
  ASSERT_TRUE(*outcome);
  EXPECT_FALSE(**outcome);
  EXPECT_EQ(a->in_flight(), 0u);
  held("too late");  // b answers at last: nobody waits for it
  run();
  EXPECT_EQ(counters.cluster_longpoll_lost.load(), 1u);
}

TEST_F(LongPollRelayTest, LosingTheLinkGivesUpOnEveryRequestInFlight) {
  auto first = ask("wait");
  auto second = ask("wait");
  EXPECT_EQ(a->in_flight(), 2u);
  a->link_down();
  EXPECT_EQ(a->in_flight(), 0u);
  EXPECT_TRUE(*first && *second);
  EXPECT_EQ(counters.cluster_longpoll_lost.load(), 2u);
}

TEST_F(LongPollRelayTest, AnAnswerFromAnotherThreadLeavesFromTheRelaysLoop) {
  auto outcome = ask("wait");
  std::thread([answer = held] { answer("from a session's loop"); }).join();
  EXPECT_EQ(a->in_flight(), 1u);
  run();
  EXPECT_EQ(**outcome, std::optional<std::string>("from a session's loop"));
}

}  // namespace
}  // namespace wick::detail
