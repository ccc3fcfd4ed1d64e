#include "protocol/v1_json_serializer.hpp"

#include <gtest/gtest.h>

namespace wick::detail {
namespace {

const V1JsonSerializer v1;

TEST(V1JsonSerializer, DecodesObjectsWithOrWithoutJoinRef) {
  Decoded plain =
      v1.decode(false, R"({"topic":"room:lobby","event":"phx_join","payload":{},"ref":"1"})");
  ASSERT_TRUE(plain.message);
  EXPECT_FALSE(plain.message->join_ref);
  EXPECT_EQ(plain.message->ref, "1");
  Decoded with =
      v1.decode(false, R"({"topic":"t","event":"e","payload":{},"ref":null,"join_ref":"1"})");
  ASSERT_TRUE(with.message);
  EXPECT_EQ(with.message->join_ref, "1");
  EXPECT_FALSE(with.message->ref);
}

TEST(V1JsonSerializer, RefusesMissingKeysArraysAndBinary) {
  EXPECT_EQ(v1.decode(false, R"({"event":"e","payload":{},"ref":"1"})").error,
            DecodeError::malformed);
  EXPECT_EQ(v1.decode(false, R"({"topic":"t","event":"e","payload":{}})").error,
            DecodeError::malformed);
  EXPECT_EQ(v1.decode(false, R"(["1","1","t","e",{}])").error, DecodeError::malformed);
  EXPECT_EQ(v1.decode(true, "\x00").error, DecodeError::unsupported);
}

TEST(V1JsonSerializer, RoundTripsWhatItEncodes) {
  Payload payload(json::object{{"body", "a\tb"}, {"nested", json::object{{"k", true}}}});
  std::optional<EncodedMessage> frame = v1.encode({"3", "9", "room:lobby", "new_msg", payload});
  Decoded decoded = v1.decode(false, frame->bytes);
  ASSERT_TRUE(decoded.message);
  EXPECT_FALSE(decoded.message->join_ref);  // V1 answers never carry it
  EXPECT_EQ(decoded.message->ref, "9");
  EXPECT_EQ(decoded.message->topic, "room:lobby");
  EXPECT_EQ(decoded.message->event, "new_msg");
  EXPECT_EQ(decoded.message->payload.json(), payload.json());
}

TEST(V1JsonSerializer, NeverSendsJoinRef) {
  Payload payload(json::object{{"body", "hi"}});
  EXPECT_EQ(v1.encode({"3", std::nullopt, "room:lobby", "new_msg", payload})->bytes,
            R"({"topic":"room:lobby","event":"new_msg","payload":{"body":"hi"},"ref":null})");
  EXPECT_EQ(
      v1.encode_reply({"3", "1", "room:lobby"}, "ok", Payload())->bytes,
      R"({"topic":"room:lobby","event":"phx_reply","payload":{"status":"ok","response":{}},"ref":"1"})");
}

TEST(V1JsonSerializer, CannotCarryBinary) {
  Payload bytes(Binary{"x"});
  EXPECT_FALSE(v1.encode({std::nullopt, std::nullopt, "t", "e", bytes}));
  EXPECT_FALSE(v1.encode_reply({std::nullopt, "1", "t"}, "ok", bytes));
}

}  // namespace
}  // namespace wick::detail
