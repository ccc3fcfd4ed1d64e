#include "cluster/cluster_envelope.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

namespace wick::detail {
namespace {

const EnvelopeSender sender{"web1:4000", 0x1122334455667788, 300};

TEST(ClusterEnvelope, BroadcastWithJsonRoundTrips) {
  std::string bytes =
      encode_broadcast(sender, "room:lobby", "new_msg", json::object{{"body", "hi"}});
  auto envelope = decode_envelope(bytes);
  ASSERT_TRUE(envelope);
  EXPECT_EQ(envelope->kind, ClusterEnvelope::Kind::broadcast);
  EXPECT_EQ(envelope->node, "web1:4000");
  EXPECT_EQ(envelope->instance, 0x1122334455667788u);
  EXPECT_EQ(envelope->sequence, 300u);
  EXPECT_EQ(envelope->topic, "room:lobby");
  EXPECT_EQ(envelope->event, "new_msg");
  ASSERT_FALSE(envelope->payload.is_binary());
  EXPECT_EQ(json::serialize(envelope->payload.json()), R"({"body":"hi"})");
}

// As the stream keeps it, and as its script publishes it: with the offset and epoch appended as
// two short strings (a length byte and the text).
TEST(ClusterEnvelope, AStreamBroadcastCarriesItsSenderAndThenItsPosition) {
  std::string kept =
      encode_stream_broadcast(sender, "stream:a", "new_msg", json::object{{"n", 1}}, 42);
  EXPECT_TRUE(is_stream_broadcast(kept));
  EXPECT_FALSE(is_stream_broadcast(encode_broadcast(sender, "t", "e", json::object{})));
  auto unnumbered = decode_envelope(kept);
  ASSERT_TRUE(unnumbered);
  EXPECT_EQ(unnumbered->kind, ClusterEnvelope::Kind::stream_broadcast);
  EXPECT_EQ(unnumbered->from, 42u);
  EXPECT_EQ(unnumbered->offset, 0u);
  EXPECT_EQ(json::serialize(unnumbered->payload.json()), R"({"n":1})");
  std::string published = kept + "\x03" + "123" + "\x02" + "ep";
  auto numbered = decode_envelope(published);
  ASSERT_TRUE(numbered);
  EXPECT_EQ(numbered->offset, 123u);
  EXPECT_EQ(numbered->epoch, "ep");
  EXPECT_EQ(numbered->topic, "stream:a");
  EXPECT_FALSE(decode_envelope(kept + "\x03" + "1x3" + "\x02" + "ep"));
  EXPECT_FALSE(decode_envelope(kept + "\x01" + "0" + "\x02" + "ep"));
  EXPECT_FALSE(decode_envelope(kept + "\x03" + "123"));
}

TEST(ClusterEnvelope, BinaryPayloadCrossesByteForByte) {
  std::string blob;
  for (int i = 0; i < 256; ++i) blob.push_back(static_cast<char>(i));
  auto envelope = decode_envelope(encode_broadcast(sender, "t", "blob", Binary{blob}));
  ASSERT_TRUE(envelope);
  ASSERT_TRUE(envelope->payload.is_binary());
  EXPECT_EQ(envelope->payload.bytes(), blob);
}

TEST(ClusterEnvelope, IsCompact) {
  // Header, node, topic, event and the JSON text, and a few bytes of lengths: no field names.
  std::string bytes = encode_broadcast(sender, "room:lobby", "new_msg", json::object{{"a", 1}});
  EXPECT_EQ(bytes.size(), 3 + 8 + 2 + 1 + 9 + 1 + 10 + 1 + 7 + 1 + 7);
}

TEST(ClusterEnvelope, TheSendersInstanceReadsOffTheHeader) {
  std::string bytes = encode_broadcast(sender, "room:lobby", "new_msg", json::object{});
  EXPECT_EQ(envelope_instance(bytes), 0x1122334455667788u);
  EXPECT_EQ(envelope_instance(bytes.substr(0, 11)), 0x1122334455667788u);  // the header is enough
  EXPECT_FALSE(envelope_instance(bytes.substr(0, 10)));
  EXPECT_FALSE(envelope_instance("not an envelope at all"));
}

TEST(ClusterEnvelope, Probe) {
  auto envelope = decode_envelope(encode_bare(sender, ClusterEnvelope::Kind::probe));
  ASSERT_TRUE(envelope);
  EXPECT_EQ(envelope->kind, ClusterEnvelope::Kind::probe);
  EXPECT_EQ(envelope->node, "web1:4000");
}

TEST(ClusterEnvelope, LongPollRequestAndAnswerRoundTrip) {
  RelayedLongPoll post{true, "1.2.d2Vi.sig", "application/x-ndjson", std::string("[1]\n\0x", 6)};
  auto request = decode_envelope(encode_longpoll_request(sender, 77, post));
  ASSERT_TRUE(request);
  EXPECT_EQ(request->kind, ClusterEnvelope::Kind::longpoll_request);
  EXPECT_EQ(request->request, 77u);
  EXPECT_TRUE(request->longpoll.post);
  EXPECT_EQ(request->longpoll.token, post.token);
  EXPECT_EQ(request->longpoll.content_type, post.content_type);
  EXPECT_EQ(request->longpoll.body, post.body);

  auto answer =
      decode_envelope(encode_longpoll_answer(sender, 77, std::string("{\"status\":200}")));
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->kind, ClusterEnvelope::Kind::longpoll_answer);
  EXPECT_EQ(answer->request, 77u);
  EXPECT_EQ(answer->answer, std::optional<std::string>("{\"status\":200}"));

  auto gone = decode_envelope(encode_longpoll_answer(sender, 78, std::nullopt));
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->request, 78u);
  EXPECT_FALSE(gone->answer);

  std::string bytes = encode_longpoll_request(sender, 77, post);
  for (std::size_t size = 0; size < bytes.size(); ++size) {
    EXPECT_FALSE(decode_envelope(bytes.substr(0, size))) << size;
  }
  std::string bad_flag = encode_longpoll_answer(sender, 1, std::nullopt);
  bad_flag.back() = 2;
  EXPECT_FALSE(decode_envelope(bad_flag));
}

TEST(ClusterEnvelope, RefusesWhatIsNotOne) {
  std::string good = encode_broadcast(sender, "room:lobby", "new_msg", json::object{});
  // Every cut short of the whole fails (the payload "{}" needs both of its bytes).
  for (std::size_t size = 0; size < good.size(); ++size) {
    EXPECT_FALSE(decode_envelope(good.substr(0, size))) << size;
  }
  std::string other_magic = good;
  other_magic[0] = 'X';
  EXPECT_FALSE(decode_envelope(other_magic));
  std::string other_version = good;
  other_version[1] = 2;
  EXPECT_FALSE(decode_envelope(other_version));
  std::string unknown_kind = good;
  unknown_kind[2] = 9;
  EXPECT_FALSE(decode_envelope(unknown_kind));
  EXPECT_FALSE(decode_envelope(encode_bare(sender, ClusterEnvelope::Kind::probe) + "x"));
  EXPECT_FALSE(decode_envelope("hello from another program"));
}

TEST(ClusterEnvelope, RefusesPayloadsThatAreNotObjects) {
  std::string bytes = encode_broadcast(sender, "t", "e", json::object{});
  std::string head = bytes.substr(0, bytes.size() - 2);  // up to the JSON text
  EXPECT_TRUE(decode_envelope(head + "{}"));
  EXPECT_FALSE(decode_envelope(head + "[1]"));
  EXPECT_FALSE(decode_envelope(head + "\"text\""));
  EXPECT_FALSE(decode_envelope(head + "{\"a\":"));
}

TEST(ClusterEnvelope, PresenceKindsRoundTrip) {
  CausalSet delta;
  delta.insert({"web1-r", 3}, {"room:1", 7, "ana", {{"phx_ref", "F1"}}});
  auto decoded = decode_envelope(
      encode_presence(sender, ClusterEnvelope::Kind::presence_delta, "web1-r", 12, &delta));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->kind, ClusterEnvelope::Kind::presence_delta);
  EXPECT_EQ(decoded->replica, "web1-r");
  EXPECT_EQ(decoded->shipped, 12u);
  EXPECT_EQ(decoded->presence, delta);

  auto beat = decode_envelope(
      encode_presence(sender, ClusterEnvelope::Kind::presence_heartbeat, "web1-r", 12, nullptr));
  ASSERT_TRUE(beat);
  EXPECT_EQ(beat->kind, ClusterEnvelope::Kind::presence_heartbeat);
  EXPECT_EQ(beat->shipped, 12u);
  EXPECT_TRUE(beat->presence.empty());

  auto ask = decode_envelope(encode_bare(sender, ClusterEnvelope::Kind::presence_ask));
  ASSERT_TRUE(ask);
  EXPECT_EQ(ask->kind, ClusterEnvelope::Kind::presence_ask);
  // A heartbeat with a set after it is not a heartbeat.
  EXPECT_FALSE(decode_envelope(
      encode_presence(sender, ClusterEnvelope::Kind::presence_heartbeat, "web1-r", 12, &delta)));
}

}  // namespace
}  // namespace wick::detail
