#include "protocol/v2_json_serializer.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace wick::detail {
namespace {

const V2JsonSerializer v2;

std::string hex(std::string_view bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    if (!out.empty()) out.push_back(' ');
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 0xF]);
  }
  return out;
}

TEST(V2JsonSerializer, DecodesAJoin) {
  Decoded decoded = v2.decode(false, R"(["3","3","room:lobby","phx_join",{"user":"ann"}])");
  ASSERT_TRUE(decoded.message);
  EXPECT_EQ(decoded.message->join_ref, "3");
  EXPECT_EQ(decoded.message->ref, "3");
  EXPECT_EQ(decoded.message->topic, "room:lobby");
  EXPECT_EQ(decoded.message->event, "phx_join");
  EXPECT_EQ(decoded.message->payload.json().at("user"), "ann");
}

TEST(V2JsonSerializer, AcceptsNullRefsAndExtraElements) {
  Decoded decoded = v2.decode(false, R"([null,"6","phoenix","heartbeat",{},"extra"])");
  ASSERT_TRUE(decoded.message);
  EXPECT_FALSE(decoded.message->join_ref);
  EXPECT_EQ(decoded.message->ref, "6");
}

TEST(V2JsonSerializer, RefusesMalformedTextWith1007) {
  for (const char* text :
       {"not json", R"({"topic":"x"})", R"(["1","1","t","e"])", R"(["1","1",5,"e",{}])",
        R"(["1","1","t",null,{}])", R"([1,"1","t","e",{}])", R"(["1",{},"t","e",{}])"}) {
    Decoded decoded = v2.decode(false, text);
    EXPECT_FALSE(decoded.message) << text;
    EXPECT_EQ(decoded.error, DecodeError::malformed) << text;
  }
}

TEST(V2JsonSerializer, DecodesTheBinaryPushOfTheSpec) {
  // join_ref "12", ref "123", topic "topic", event "event", payload "efg" (spec §3.2).
  std::string bytes(
      "\x00\x02\x03\x05\x05"
      "12123topicevent"
      "efg",
      23);
  Decoded decoded = v2.decode(true, bytes);
  ASSERT_TRUE(decoded.message);
  EXPECT_EQ(decoded.message->join_ref, "12");
  EXPECT_EQ(decoded.message->ref, "123");
  EXPECT_EQ(decoded.message->topic, "topic");
  EXPECT_EQ(decoded.message->event, "event");
  ASSERT_TRUE(decoded.message->payload.is_binary());
  EXPECT_EQ(decoded.message->payload.bytes(), "efg");
}

TEST(V2JsonSerializer, RefusesBadBinaryFramesWith1003) {
  EXPECT_EQ(v2.decode(true, std::string("\x01\x00\x00\x00\x00", 5)).error,
            DecodeError::unsupported);
  EXPECT_EQ(v2.decode(true, std::string("\x00\x02\x03", 3)).error, DecodeError::unsupported);
  EXPECT_EQ(v2.decode(true, std::string("\x00\x09\x03\x05\x05"
                                        "12",
                                        7))
                .error,
            DecodeError::unsupported);
}

TEST(V2JsonSerializer, EncodesTextMessages) {
  Payload payload(json::object{{"body", "hi"}});
  EXPECT_EQ(v2.encode({"3", std::nullopt, "room:lobby", "new_msg", payload})->bytes,
            R"(["3",null,"room:lobby","new_msg",{"body":"hi"}])");
  EXPECT_EQ(v2.encode({std::nullopt, std::nullopt, "room:lobby", "new_msg", payload})->bytes,
            R"([null,null,"room:lobby","new_msg",{"body":"hi"}])");
  EXPECT_EQ(v2.encode_reply({"3", "4", "room:lobby"}, "ok", Payload())->bytes,
            R"(["3","4","room:lobby","phx_reply",{"status":"ok","response":{}}])");
}

TEST(V2JsonSerializer, RoundTripsWhatItEncodes) {
  Payload payload(json::object{
      {"body", "h\u00e9 \"quoted\" \n"}, {"n", 1.5}, {"list", json::array{1, nullptr}}});
  for (auto join_ref : {std::optional<std::string_view>("3"), std::optional<std::string_view>()}) {
    std::optional<EncodedMessage> frame =
        v2.encode({join_ref, "7", "room:café", "new_msg", payload});
    Decoded decoded = v2.decode(false, frame->bytes);
    ASSERT_TRUE(decoded.message);
    EXPECT_EQ(decoded.message->join_ref, join_ref ? std::optional<std::string>("3") : std::nullopt);
    EXPECT_EQ(decoded.message->ref, "7");
    EXPECT_EQ(decoded.message->topic, "room:café");
    EXPECT_EQ(decoded.message->event, "new_msg");
    EXPECT_EQ(decoded.message->payload.json(), payload.json());
  }
}

TEST(V2JsonSerializer, EscapesStrings) {
  Payload payload;
  std::string topic = "a\"b\\c\n\x01";
  EXPECT_EQ(v2.encode({std::nullopt, std::nullopt, topic, "e", payload})->bytes,
            "[null,null,\"a\\\"b\\\\c\\n\\u0001\",\"e\",{}]");
}

TEST(V2JsonSerializer, EncodesBinaryKindsAsTheSpecShows) {
  Payload efg(Binary{"efg"});
  EXPECT_EQ(hex(v2.encode({"12", std::nullopt, "topic", "event", efg})->bytes),
            "00 02 05 05 31 32 74 6f 70 69 63 65 76 65 6e 74 65 66 67");
  EXPECT_EQ(hex(v2.encode_reply({"12", "123", "topic"}, "ok", efg)->bytes),
            "01 02 03 05 02 31 32 31 32 33 74 6f 70 69 63 6f 6b 65 66 67");
  EXPECT_EQ(hex(v2.encode({std::nullopt, std::nullopt, "topic", "event", efg})->bytes),
            "02 05 05 74 6f 70 69 63 65 76 65 6e 74 65 66 67");
  EXPECT_TRUE(v2.encode({std::nullopt, std::nullopt, "topic", "event", efg})->binary);
}

TEST(V2JsonSerializer, CountsUtf8BytesAndRefusesFieldsOver255Bytes) {
  Payload bytes(Binary{"x"});
  std::optional<EncodedMessage> frame =
      v2.encode({std::nullopt, std::nullopt, "room:café", "e", bytes});
  EXPECT_EQ(static_cast<unsigned char>(frame->bytes[1]), 10);
  EXPECT_FALSE(v2.encode({std::nullopt, std::nullopt, std::string(256, 't'), "e", bytes}));
}

}  // namespace
}  // namespace wick::detail
