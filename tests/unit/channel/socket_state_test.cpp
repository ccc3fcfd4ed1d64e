// The channel state machine of spec §5, driven through SocketState with a recording session,
// given the parts it uses and no endpoint.
#include "channel/socket_state.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "channel/carried_socket.hpp"
#include "channel/history_routes.hpp"
#include "channel/socket_lookup.hpp"
#include "net/event_loop.hpp"
#include "pubsub/broadcast_message.hpp"
#include "pubsub/pubsub.hpp"
#include "pubsub/shared_streams.hpp"
#include "socket_parts.hpp"

namespace wick::detail {
namespace {

// A session that records what the socket sends; the test drives the socket itself.
struct RecordingTransport : Session {
  std::vector<std::string> frames;
  std::vector<ExitReason> closes;

  void send(SharedFrame frame) override { frames.emplace_back(frame.payload()); }
  void close(std::uint16_t, ExitReason reason) override { closes.push_back(reason); }
  std::vector<std::string> take() { return std::exchange(frames, {}); }

 private:
  DecodeError deliver(bool, std::string_view) override { return DecodeError::none; }
  void end_socket(ExitReason) override {}
  const EndpointConfig& config() const override { return unused_config; }
  NodeCounters& counters() const override { return unused_counters; }
  EndpointConfig unused_config;
  mutable NodeCounters unused_counters;
};

class TestChannel : public Channel {
 public:
  JoinResult join(std::string_view topic, const json::value&) override {
    if (topic == "t:refuse") return JoinResult::error({{"reason", "unauthorized"}});
    if (topic == "t:crash") throw std::runtime_error("boom");
    if (topic == "t:push_in_join") push("early", {});
    if (topic.starts_with("h:")) intercept({"out"});
    if (topic.starts_with("t:later")) {
      defer_join();  // answered by the test through SocketState::complete_join
      return JoinResult::deferred();
    }
    return JoinResult::ok({{"joined", topic}});
  }
  Reply handle_in(std::string_view event, const Payload& payload) override {
    if (event == "ping") return Reply::ok(payload);
    if (event == "crash") throw std::runtime_error("handler crash");
    if (event == "stop") {
      stop();
      return Reply::ok({{"bye", true}});
    }
    if (event == "shout") broadcast_from("shout", payload);
    if (event == "all") broadcast("all", payload);
    if (event == "assign") assign("user", payload.json().at("user"));
    if (event == "assigns") return Reply::ok(Payload(assigns()));
    return Reply::none();
  }
  void handle_info(const json::value& message) override { push("info", {{"got", message}}); }
  void handle_out(std::string_view event, const Payload& payload) override {
    push(event, {{"via", "handle_out"}, {"n", payload.json().at("n")}});
  }
  void terminate(ExitReason reason) override { push("terminate", {{"reason", to_string(reason)}}); }
};

class TestSocket : public SocketHandler {
 public:
  TestSocket() {
    channel<TestChannel>("t:*");
    channel<TestChannel>("h:*").history({.size = 10});
  }
};

class SocketStateTest : public ::testing::Test {
 protected:
  SocketStateTest() { core.pubsub->add_routes(history_routes(mount.handler().router())); }

  static EndpointConfig config() {
    EndpointConfig config;
    config.threads = 1;
    config.max_channels_per_socket = 3;
    return config;
  }

  std::unique_ptr<SocketState> open_socket(RecordingTransport& transport, std::uint64_t id,
                                           SerializerVersion version = SerializerVersion::v2) {
    return std::make_unique<SocketState>(mount, loop(), id, transport, version,
                                         ConnectedSocket{Socket(), std::nullopt});
  }
  EventLoop& loop() { return core.loop(); }
  void run_posted() { core.run(); }

  test::SocketParts core{config()};
  SocketMount mount{std::make_shared<TestSocket>(), core.services};
  RecordingTransport transport;
  std::unique_ptr<SocketState> socket = open_socket(transport, 1);
};

// Channels borrow the socket's assigns until they assign their own (a copy, as in Phoenix).
TEST_F(SocketStateTest, ChannelAssignsStartAsTheSocketsAndStayTheChannels) {
  Socket with_user;
  with_user.assign("user", "ann");
  RecordingTransport own_transport;
  auto user_socket =
      std::make_unique<SocketState>(mount, loop(), 2, own_transport, SerializerVersion::v2,
                                    ConnectedSocket{std::move(with_user), std::nullopt});
  user_socket->handle_frame(false, R"(["1","1","t:a","phx_join",{}])");
  user_socket->handle_frame(false, R"(["2","2","t:b","phx_join",{}])");
  user_socket->handle_frame(false, R"(["1","3","t:a","assign",{"user":"bob"}])");
  user_socket->handle_frame(false, R"(["1","4","t:a","assigns",{}])");
  user_socket->handle_frame(false, R"(["2","5","t:b","assigns",{}])");
  user_socket->handle_frame(false, R"(["3","6","t:c","phx_join",{}])");
  user_socket->handle_frame(false, R"(["3","7","t:c","assigns",{}])");
  std::vector<std::string> frames = own_transport.take();
  ASSERT_EQ(frames.size(), 6u);
  EXPECT_EQ(frames[2], R"(["1","4","t:a","phx_reply",{"status":"ok","response":{"user":"bob"}}])");
  EXPECT_EQ(frames[3], R"(["2","5","t:b","phx_reply",{"status":"ok","response":{"user":"ann"}}])");
  EXPECT_EQ(frames[5], R"(["3","7","t:c","phx_reply",{"status":"ok","response":{"user":"ann"}}])");
}

TEST_F(SocketStateTest, AnswersHeartbeats) {
  socket->handle_frame(false, R"(["1","7","phoenix","heartbeat",{}])");
  EXPECT_EQ(transport.take(),
            std::vector<std::string>{
                R"([null,"7","phoenix","phx_reply",{"status":"ok","response":{}}])"});
}

TEST_F(SocketStateTest, JoinsAndReplies) {
  socket->handle_frame(false, R"(["3","3","t:a","phx_join",{}])");
  socket->handle_frame(false, R"(["3","4","t:a","ping",{"x":1}])");
  EXPECT_EQ(transport.take(),
            (std::vector<std::string>{
                R"(["3","3","t:a","phx_reply",{"status":"ok","response":{"joined":"t:a"}}])",
                R"(["3","4","t:a","phx_reply",{"status":"ok","response":{"x":1}}])"}));
  EXPECT_EQ(core.counters.channels.load(), 1u);
}

TEST_F(SocketStateTest, RefusesUnroutedRefusedAndCrashedJoins) {
  socket->handle_frame(false, R"(["1","1","nope","phx_join",{}])");
  socket->handle_frame(false, R"(["2","2","t:refuse","phx_join",{}])");
  socket->handle_frame(false, R"(["3","3","t:crash","phx_join",{}])");
  socket->handle_frame(false, R"(["4","4","t:push_in_join","phx_join",{}])");
  EXPECT_EQ(
      transport.take(),
      (std::vector<std::string>{
          R"([null,"1","nope","phx_reply",{"status":"error","response":{"reason":"unmatched topic"}}])",
          R"(["2","2","t:refuse","phx_reply",{"status":"error","response":{"reason":"unauthorized"}}])",
          R"(["3","3","t:crash","phx_reply",{"status":"error","response":{"reason":"join crashed"}}])",
          R"(["4","4","t:push_in_join","phx_reply",{"status":"error","response":{"reason":"join crashed"}}])"}));
  EXPECT_EQ(socket->channel_count(), 0u);
}

TEST_F(SocketStateTest, AnswersMessagesForTopicsNotJoined) {
  socket->handle_frame(false, R"(["9","5","t:x","ping",{}])");
  socket->handle_frame(false, R"(["9","6","t:x","phx_leave",{}])");
  EXPECT_EQ(
      transport.take(),
      (std::vector<std::string>{
          R"([null,"5","t:x","phx_reply",{"status":"error","response":{"reason":"unmatched topic"}}])",
          R"(["9","6","t:x","phx_reply",{"status":"ok","response":{}}])"}));
}

TEST_F(SocketStateTest, LeavesWithReplyThenCloseThenTerminatePushes) {
  socket->handle_frame(false, R"(["3","3","t:a","phx_join",{}])");
  transport.take();
  socket->handle_frame(false, R"(["3","5","t:a","phx_leave",{}])");
  EXPECT_EQ(transport.take(), (std::vector<std::string>{
                                  R"(["3","5","t:a","phx_reply",{"status":"ok","response":{}}])",
                                  R"(["3","3","t:a","phx_close",{}])",
                                  R"(["3",null,"t:a","terminate",{"reason":"left"}])"}));
  socket->handle_frame(false, R"(["3","6","t:a","ping",{}])");
  EXPECT_EQ(
      transport.take(),
      std::vector<std::string>{
          R"([null,"6","t:a","phx_reply",{"status":"error","response":{"reason":"unmatched topic"}}])"});
}

TEST_F(SocketStateTest, DropsStaleJoinRefsButAcceptsNull) {
  socket->handle_frame(false, R"(["3","3","t:a","phx_join",{}])");
  transport.take();
  socket->handle_frame(false, R"(["2","4","t:a","ping",{}])");
  socket->handle_frame(false, R"(["2","5","t:a","phx_leave",{}])");
  EXPECT_TRUE(transport.take().empty());
  socket->handle_frame(false, R"([null,"6","t:a","ping",{}])");
  EXPECT_EQ(transport.take().size(), 1u);
}

TEST_F(SocketStateTest, DuplicateJoinClosesTheOldIncarnationAfterTheNewReply) {
  socket->handle_frame(false, R"(["3","3","t:a","phx_join",{}])");
  transport.take();
  socket->handle_frame(false, R"(["7","7","t:a","phx_join",{}])");
  EXPECT_EQ(transport.take(),
            (std::vector<std::string>{
                R"(["3",null,"t:a","terminate",{"reason":"duplicate_join"}])",
                R"(["7","7","t:a","phx_reply",{"status":"ok","response":{"joined":"t:a"}}])",
                R"(["3","3","t:a","phx_close",{}])"}));
  EXPECT_EQ(socket->channel_count(), 1u);
}

TEST_F(SocketStateTest, DeferredJoinIsPendingUntilAnswered) {
  socket->handle_frame(false, R"(["3","3","t:later","phx_join",{}])");
  socket->handle_frame(false, R"(["3","4","t:later","ping",{}])");
  socket->deliver_info("t:later", "3", "early");  // not joined yet: dropped
  EXPECT_EQ(
      transport.take(),
      std::vector<std::string>{
          R"(["3","4","t:later","phx_reply",{"status":"error","response":{"reason":"join pending"}}])"});
  EXPECT_EQ(core.counters.channels.load(), 0u);
  socket->complete_join({"2", "3", "t:later"}, JoinResult::ok());  // a stale incarnation
  EXPECT_TRUE(transport.take().empty());
  socket->complete_join({"3", "3", "t:later"}, JoinResult::ok({{"late", true}}));
  socket->complete_join({"3", "3", "t:later"}, JoinResult::ok());  // answered twice: ignored
  socket->handle_frame(false, R"(["3","5","t:later","ping",{}])");
  EXPECT_EQ(transport.take(),
            (std::vector<std::string>{
                R"(["3","3","t:later","phx_reply",{"status":"ok","response":{"late":true}}])",
                R"(["3","5","t:later","phx_reply",{"status":"ok","response":{}}])"}));
  EXPECT_EQ(core.counters.channels.load(), 1u);
}

TEST_F(SocketStateTest, DeferredJoinRefusedLeftOrClosedLeavesNothing) {
  socket->handle_frame(false, R"(["3","3","t:later1","phx_join",{}])");
  socket->complete_join({"3", "3", "t:later1"}, JoinResult::error({{"reason", "banned"}}));
  socket->handle_frame(false, R"(["4","4","t:later2","phx_join",{}])");
  socket->handle_frame(false, R"(["4","5","t:later2","phx_leave",{}])");
  socket->complete_join({"4", "4", "t:later2"}, JoinResult::ok());  // after the leave: ignored
  socket->handle_frame(false, R"(["6","6","t:later3","phx_join",{}])");
  EXPECT_EQ(
      transport.take(),
      (std::vector<std::string>{
          R"(["3","3","t:later1","phx_reply",{"status":"error","response":{"reason":"banned"}}])",
          R"(["4","5","t:later2","phx_reply",{"status":"ok","response":{}}])",
          R"(["4","4","t:later2","phx_close",{}])"}));
  EXPECT_EQ(socket->channel_count(), 1u);
  socket->end(ExitReason::closed);  // the pending one has no terminate to run
  EXPECT_TRUE(transport.take().empty());
  EXPECT_EQ(socket->channel_count(), 0u);
  EXPECT_EQ(core.counters.channels.load(), 0u);
}

// In a cluster, a deferred join keeps its node receiving the topic until it is answered. Were
// the node to let go meanwhile, its answer could reach the client before the node received the
// topic again, and a broadcast from another node right after the join reply would be lost.
TEST_F(SocketStateTest, ADeferredJoinKeepsItsTopicReceivedInAClusterUntilAnswered) {
  struct InterestLog : ClusterAdapter {
    void forward(std::string_view, std::string_view, const Payload&) override {}
    bool interest(std::string_view topic, bool subscribed) override {
      changes.push_back((subscribed ? "+" : "-") + std::string(topic));
      return true;  // received at once
    }
    std::vector<std::string> changes;
  };
  auto adapter = std::make_shared<InterestLog>();
  core.pubsub->set_adapter(adapter);
  socket->handle_frame(false, R"(["3","3","t:later1","phx_join",{}])");
  socket->handle_frame(false, R"(["4","4","t:later2","phx_join",{}])");
  run_posted();  // the end of the join's callback
  EXPECT_EQ(adapter->changes, (std::vector<std::string>{"+t:later1", "+t:later2"}));
  socket->complete_join({"3", "3", "t:later1"}, JoinResult::ok());
  socket->complete_join({"4", "4", "t:later2"}, JoinResult::error({{"reason", "banned"}}));
  EXPECT_EQ(adapter->changes, (std::vector<std::string>{"+t:later1", "+t:later2", "-t:later2"}));
  socket->handle_frame(false, R"(["5","5","t:later3","phx_join",{}])");
  socket->end(ExitReason::closed);  // the joined one and the pending one let go
  run_posted();
  EXPECT_EQ(adapter->changes, (std::vector<std::string>{"+t:later1", "+t:later2", "-t:later2",
                                                        "+t:later3", "-t:later1", "-t:later3"}));
}

TEST_F(SocketStateTest, CrashIsolatesTheChannel) {
  socket->handle_frame(false, R"(["3","3","t:a","phx_join",{}])");
  socket->handle_frame(false, R"(["4","4","t:b","phx_join",{}])");
  transport.take();
  socket->handle_frame(false, R"(["3","5","t:a","crash",{}])");
  EXPECT_EQ(transport.take(), (std::vector<std::string>{
                                  R"(["3",null,"t:a","terminate",{"reason":"crashed"}])",
                                  R"(["3","3","t:a","phx_error",{"reason":"channel_crash"}])"}));
  socket->handle_frame(false, R"(["4","6","t:b","ping",{}])");
  EXPECT_EQ(transport.take().size(), 1u);
  EXPECT_EQ(socket->channel_count(), 1u);
  EXPECT_EQ(core.pubsub->subscription_count(), 1u);  // t:b's alone
}

TEST_F(SocketStateTest, StopRepliesThenCloses) {
  socket->handle_frame(false, R"(["3","3","t:a","phx_join",{}])");
  transport.take();
  socket->handle_frame(false, R"(["3","4","t:a","stop",{}])");
  EXPECT_EQ(transport.take(),
            (std::vector<std::string>{
                R"(["3","4","t:a","phx_reply",{"status":"ok","response":{"bye":true}}])",
                R"(["3",null,"t:a","terminate",{"reason":"stopped"}])",
                R"(["3","3","t:a","phx_close",{}])"}));
}

TEST_F(SocketStateTest, LimitsChannelsPerSocket) {
  for (int i = 0; i < 4; ++i) {
    std::string n = std::to_string(i);
    socket->handle_frame(false, "[\"" + n + "\",\"" + n + "\",\"t:" + n + "\",\"phx_join\",{}]");
  }
  EXPECT_EQ(
      transport.take().back(),
      R"(["3","3","t:3","phx_reply",{"status":"error","response":{"reason":"too many channels joined"}}])");
}

TEST_F(SocketStateTest, UsesTheJoinRefForPushesWhenTheJoinHadNone) {
  socket->handle_frame(false, R"([null,"3","t:a","phx_join",{}])");
  socket->handle_frame(false, R"([null,"4","t:a","ping",{}])");
  socket->handle_frame(false, R"([null,"5","t:a","crash",{}])");
  auto frames = transport.take();
  ASSERT_EQ(frames.size(), 4u);  // the replies, terminate's push, phx_error
  EXPECT_EQ(frames[0],
            R"([null,"3","t:a","phx_reply",{"status":"ok","response":{"joined":"t:a"}}])");
  EXPECT_EQ(frames[1], R"(["3","4","t:a","phx_reply",{"status":"ok","response":{}}])");
  EXPECT_EQ(frames[3], R"([null,null,"t:a","phx_error",{"reason":"channel_crash"}])");
}

TEST_F(SocketStateTest, DeliversInfoToTheCurrentIncarnationOnly) {
  socket->handle_frame(false, R"(["3","3","t:a","phx_join",{}])");
  transport.take();
  socket->deliver_info("t:a", std::string("2"), "stale");
  socket->deliver_info("t:b", std::string("3"), "other topic");
  socket->deliver_info("t:a", std::string("3"), "current");
  EXPECT_EQ(transport.take(),
            std::vector<std::string>{R"(["3",null,"t:a","info",{"got":"current"}])"});
}

TEST_F(SocketStateTest, BroadcastFromSkipsOnlyTheSender) {
  RecordingTransport other_transport;
  auto other = open_socket(other_transport, 2);
  socket->handle_frame(false, R"(["3","3","t:a","phx_join",{}])");
  other->handle_frame(false, R"(["5","5","t:a","phx_join",{}])");
  transport.take();
  other_transport.take();
  socket->handle_frame(false, R"(["3","4","t:a","shout",{"m":1}])");
  socket->handle_frame(false, R"(["3","5","t:a","all",{"m":2}])");
  run_posted();
  EXPECT_EQ(transport.take(), std::vector<std::string>{R"([null,null,"t:a","all",{"m":2}])"});
  EXPECT_EQ(other_transport.take(),
            (std::vector<std::string>{R"([null,null,"t:a","shout",{"m":1}])",
                                      R"([null,null,"t:a","all",{"m":2}])"}));
}

TEST_F(SocketStateTest, SpeaksV1WithoutJoinRefs) {
  auto v1 = open_socket(transport, 3, SerializerVersion::v1);
  v1->handle_frame(false, R"({"topic":"t:a","event":"phx_join","payload":{},"ref":"1"})");
  v1->handle_frame(false, R"({"topic":"t:a","event":"phx_leave","payload":{},"ref":"2"})");
  auto frames = transport.take();
  ASSERT_EQ(frames.size(), 4u);  // the replies, phx_close, terminate's push
  EXPECT_EQ(
      frames[0],
      R"({"topic":"t:a","event":"phx_reply","payload":{"status":"ok","response":{"joined":"t:a"}},"ref":"1"})");
  EXPECT_EQ(frames[2], R"({"topic":"t:a","event":"phx_close","payload":{},"ref":null})");
}

TEST_F(SocketStateTest, ReportsUndecodableFrames) {
  EXPECT_EQ(socket->handle_frame(false, "[1,2"), DecodeError::malformed);
  EXPECT_EQ(socket->handle_frame(true, std::string("\x05", 1)), DecodeError::unsupported);
  EXPECT_EQ(socket->handle_frame(false, R"([null,"1","phoenix","heartbeat",{}])"),
            DecodeError::none);
  EXPECT_TRUE(transport.take().size() == 1);
}

TEST_F(SocketStateTest, CloseAllTerminatesEveryChannelAndUnsubscribes) {
  socket->handle_frame(false, R"(["3","3","t:a","phx_join",{}])");
  socket->handle_frame(false, R"(["4","4","t:b","phx_join",{}])");
  transport.take();
  socket->end(ExitReason::closed);
  EXPECT_EQ(transport.take().size(), 2u);  // the terminate pushes
  EXPECT_EQ(core.pubsub->subscription_count(), 0u);
  EXPECT_EQ(core.counters.channels.load(), 0u);
}

// Regression: a "disconnect" to the socket's id that came from one of its own channels (by
// broadcast_from) left it open; Phoenix leaves out the sending channel, not the socket. The
// socket here is a real loop resident: a long-poll session carrying it.
class IdSocket : public SocketHandler {
 public:
  std::optional<std::string> id(const Socket&) const override { return "user_socket:5"; }
};

TEST_F(SocketStateTest, ADisconnectToItsIdClosesTheSocketWhoeverSentIt) {
  SocketMount with_ids{std::make_shared<IdSocket>(), core.services};
  json::object params;
  ConnectInfo info;
  std::uint64_t id = loop().add([&](std::uint64_t given) -> std::unique_ptr<LoopResident> {
    return with_ids.accept_longpoll({params, info, SerializerVersion::v2}, loop(), given, "T")
        .session;
  });
  ASSERT_NE(find_socket(loop(), id), nullptr);
  EXPECT_EQ(core.pubsub->subscription_count(), 1u);  // its id
  EXPECT_EQ(core.counters.connections.load(), 2u);   // and the fixture's socket
  core.pubsub->deliver(loop(), std::make_shared<const BroadcastMessage>(
                                   "user_socket:5", "disconnect", Payload(), id));
  run_posted();
  EXPECT_EQ(find_socket(loop(), id), nullptr);
  EXPECT_EQ(core.pubsub->subscription_count(), 0u);  // the id goes with the socket's end
  EXPECT_EQ(core.counters.connections.load(), 1u);
}

// Recovery on join (docs/recovery.md): the reply carries the stream's position, then the
// broadcasts missed follow in order; handle_out's pushes carry the position of what they handle.
TEST_F(SocketStateTest, AJoinWithHistoryLearnsThePositionAndARejoinRecoversWhatItMissed) {
  socket->handle_frame(false, R"(["3","3","h:a","phx_join",{}])");
  std::vector<std::string> joined = transport.take();
  ASSERT_EQ(joined.size(), 1u);
  json::value reply = json::parse(joined[0]);
  const json::object& position = reply.at(4).at("response").at("_wick").as_object();
  EXPECT_EQ(position.at("offset"), 0);
  EXPECT_FALSE(position.contains("recovered"));  // the join named no position
  std::string epoch(position.at("epoch").as_string());
  EXPECT_EQ(reply.at(4).at("response").at("joined"), "h:a");

  for (int n = 1; n <= 3; ++n) {
    socket->handle_frame(false, R"(["3","9","h:a","all",{"n":)" + std::to_string(n) + "}]");
  }
  run_posted();
  EXPECT_EQ(transport.take().back(),
            R"([null,null,"h:a","all",{"n":3,"_wick":{"offset":3,"epoch":")" + epoch + R"("}}])");

  RecordingTransport other_transport;
  auto other = open_socket(other_transport, 2);
  other->handle_frame(false, R"(["5","5","h:a","phx_join",{"x":1,"_wick":{"offset":1,"epoch":")" +
                                 epoch + R"("}}])");
  run_posted();
  EXPECT_EQ(
      other_transport.take(),
      (std::vector<std::string>{
          R"(["5","5","h:a","phx_reply",{"status":"ok","response":{"joined":"h:a","_wick":{"offset":3,"epoch":")" +
              epoch + R"(","recovered":true}}}])",
          R"([null,null,"h:a","all",{"n":2,"_wick":{"offset":2,"epoch":")" + epoch + R"("}}])",
          R"([null,null,"h:a","all",{"n":3,"_wick":{"offset":3,"epoch":")" + epoch + R"("}}])"}));

  RecordingTransport third_transport;
  auto third = open_socket(third_transport, 3);
  third->handle_frame(false, R"(["7","7","h:a","phx_join",{"_wick":{"offset":1,"epoch":"old"}}])");
  std::vector<std::string> refused = third_transport.take();
  ASSERT_EQ(refused.size(), 1u);  // another epoch: told so, and nothing pushed
  EXPECT_NE(refused[0].find(R"("recovered":false)"), std::string::npos);
}

TEST_F(SocketStateTest, AJoinNamingSomethingThatIsNotAPositionIsRefused) {
  socket->handle_frame(false, R"(["3","3","h:a","phx_join",{"_wick":{"offset":"x"}}])");
  EXPECT_EQ(
      transport.take(),
      std::vector<std::string>{
          R"(["3","3","h:a","phx_reply",{"status":"error","response":{"reason":"invalid _wick position"}}])"});
  // On a topic without history the key is the application's.
  socket->handle_frame(false, R"(["4","4","t:a","phx_join",{"_wick":{"offset":"x"}}])");
  EXPECT_EQ(transport.take().size(), 1u);
  EXPECT_EQ(core.counters.channels.load(), 1u);
}

// A cluster node cut off from Redis broadcasts unnumbered: while a join reads the stream (here a
// store that never answers), that broadcast is held like a numbered one, not pushed before the
// join's reply.
TEST_F(SocketStateTest, WhileAJoinReadsTheStreamEvenUnnumberedBroadcastsWaitForItsReply) {
  struct SilentStreams : SharedStreams {
    void append(const History&, std::string_view, std::string_view, const Payload&,
                std::uint64_t) override {}
    void recover(EventLoop&, const History&, std::string_view, const std::optional<StreamPosition>&,
                 std::function<void(StreamRecovery)>) override {}
  } streams;
  core.pubsub->set_shared_streams(&streams);
  socket->handle_frame(false, R"(["3","3","h:a","phx_join",{}])");
  core.pubsub->local_broadcast("h:a", "live", Payload({{"n", 1}}));
  run_posted();
  EXPECT_EQ(transport.take(), std::vector<std::string>{});
  core.pubsub->set_shared_streams(nullptr);
}

// (Recovered here: a live intercepted broadcast reaches handle_out through the loop's lookup
// of its socket, which a socket driven by hand is not in.)
TEST_F(SocketStateTest, WhatHandleOutPushesCarriesThePositionOfTheBroadcastItHandles) {
  socket->handle_frame(false, R"(["3","3","h:a","phx_join",{}])");
  std::string epoch(
      json::parse(transport.take()[0]).at(4).at("response").at("_wick").at("epoch").as_string());
  core.pubsub->broadcast("h:a", "out", {{"n", 1}});
  RecordingTransport other_transport;
  auto other = open_socket(other_transport, 2);
  other->handle_frame(
      false, R"(["5","5","h:a","phx_join",{"_wick":{"offset":0,"epoch":")" + epoch + R"("}}])");
  std::vector<std::string> frames = other_transport.take();
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[1],
            R"(["5",null,"h:a","out",{"via":"handle_out","n":1,"_wick":{"offset":1,"epoch":")" +
                epoch + R"("}}])");
}

}  // namespace
}  // namespace wick::detail
