#include "transport/websocket_codec.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "client_frames.hpp"

namespace wick::detail::ws {
namespace {

using test::client_frame;

struct Recorder : MessageSink {
  struct Event {
    std::string kind;
    std::string data;
    std::uint16_t code = 0;
  };
  std::vector<Event> events;
  bool stop_after_message = false;

  bool on_message(bool binary, std::string_view data) override {
    events.push_back({binary ? "binary" : "text", std::string(data)});
    return !stop_after_message;
  }
  bool on_ping(std::string_view data) override {
    events.push_back({"ping", std::string(data)});
    return true;
  }
  bool on_close(std::uint16_t code, std::string_view reason) override {
    events.push_back({"close", std::string(reason), code});
    return false;
  }
};

struct Parsed {
  ParseResult result;
  Recorder sink;
};

Parsed parse(std::string bytes, std::size_t max = 1 << 20) {
  Parsed parsed;
  Fragments fragments;
  parsed.result = parse_frames(bytes, max, fragments, parsed.sink);
  return parsed;
}

TEST(WebSocketCodec, DecodesTheMaskedHelloOfRfc6455) {
  // RFC 6455 §5.7: a single-frame masked text message "Hello".
  std::string bytes = "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58";
  Parsed parsed = parse(bytes);
  EXPECT_EQ(parsed.result.error, 0);
  EXPECT_EQ(parsed.result.consumed, bytes.size());
  ASSERT_EQ(parsed.sink.events.size(), 1u);
  EXPECT_EQ(parsed.sink.events[0].kind, "text");
  EXPECT_EQ(parsed.sink.events[0].data, "Hello");
}

TEST(WebSocketCodec, ReassemblesFragmentsWithControlFramesBetween) {
  std::string bytes = client_frame(0x1, "Hel", false) + client_frame(0x9, "p") +
                      client_frame(0x0, "lo", false) + client_frame(0x0, "!", true);
  Parsed parsed = parse(bytes);
  EXPECT_EQ(parsed.result.error, 0);
  ASSERT_EQ(parsed.sink.events.size(), 2u);
  EXPECT_EQ(parsed.sink.events[0].kind, "ping");
  EXPECT_EQ(parsed.sink.events[1].data, "Hello!");
}

TEST(WebSocketCodec, WaitsForIncompleteFramesByteByByte) {
  std::string bytes = client_frame(0x2, std::string(300, 'x'));
  Recorder sink;
  Fragments fragments;
  std::string buffer;
  for (char c : bytes) {
    buffer.push_back(c);
    ParseResult result = parse_frames(buffer, 1 << 20, fragments, sink);
    ASSERT_EQ(result.error, 0);
    buffer.erase(0, result.consumed);
  }
  ASSERT_EQ(sink.events.size(), 1u);
  EXPECT_EQ(sink.events[0].kind, "binary");
  EXPECT_EQ(sink.events[0].data, std::string(300, 'x'));
}

TEST(WebSocketCodec, ParsesSeveralFramesInOneRead) {
  std::string bytes = client_frame(0x1, "a") + client_frame(0x1, "b") + client_frame(0x1, "c");
  Parsed parsed = parse(bytes);
  ASSERT_EQ(parsed.sink.events.size(), 3u);
  EXPECT_EQ(parsed.sink.events[2].data, "c");
}

TEST(WebSocketCodec, HandlesSixteenAndSixtyFourBitLengths) {
  std::string medium(70'000, 'm');
  std::string small(200, 's');
  Parsed parsed = parse(client_frame(0x1, small) + client_frame(0x1, medium));
  ASSERT_EQ(parsed.sink.events.size(), 2u);
  EXPECT_EQ(parsed.sink.events[0].data.size(), 200u);
  EXPECT_EQ(parsed.sink.events[1].data.size(), 70'000u);
}

TEST(WebSocketCodec, RefusesUnmaskedClientFrames) {
  EXPECT_EQ(parse(client_frame(0x1, "hi", true, false)).result.error, close_code::protocol_error);
}

TEST(WebSocketCodec, RefusesReservedBitsAndUnknownOpcodes) {
  EXPECT_EQ(parse(client_frame(0x1, "hi", true, true, 0x40)).result.error,
            close_code::protocol_error);
  EXPECT_EQ(parse(client_frame(0x3, "hi")).result.error, close_code::protocol_error);
  EXPECT_EQ(parse(client_frame(0xB, "hi")).result.error, close_code::protocol_error);
}

TEST(WebSocketCodec, RefusesBadControlFrames) {
  EXPECT_EQ(parse(client_frame(0x9, std::string(126, 'p'))).result.error,
            close_code::protocol_error);
  EXPECT_EQ(parse(client_frame(0x9, "p", false)).result.error, close_code::protocol_error);
}

TEST(WebSocketCodec, RefusesBrokenFragmentation) {
  EXPECT_EQ(parse(client_frame(0x0, "orphan")).result.error, close_code::protocol_error);
  EXPECT_EQ(parse(client_frame(0x1, "a", false) + client_frame(0x1, "b")).result.error,
            close_code::protocol_error);
}

TEST(WebSocketCodec, EnforcesTheMessageLimitOnFramesAndReassembly) {
  EXPECT_EQ(parse(client_frame(0x1, std::string(11, 'x')), 10).result.error,
            close_code::message_too_big);
  EXPECT_EQ(parse(client_frame(0x1, std::string(10, 'x')), 10).result.error, 0);
  std::string fragmented =
      client_frame(0x1, std::string(6, 'x'), false) + client_frame(0x0, std::string(6, 'x'), true);
  EXPECT_EQ(parse(fragmented, 10).result.error, close_code::message_too_big);
}

TEST(WebSocketCodec, RejectsTheOversizeFrameBeforeItsPayloadArrives) {
  std::string header = client_frame(0x1, std::string(2000, 'x')).substr(0, 8);
  EXPECT_EQ(parse(header, 1000).result.error, close_code::message_too_big);
}

TEST(WebSocketCodec, RefusesInvalidUtf8InTextButNotInBinary) {
  EXPECT_EQ(parse(client_frame(0x1, "\xff\xfe")).result.error, close_code::invalid_payload);
  EXPECT_EQ(parse(client_frame(0x2, "\xff\xfe")).result.error, 0);
  // A code point split across fragments is valid once reassembled.
  std::string split = client_frame(0x1, "\xc3", false) + client_frame(0x0, "\xa9", true);
  EXPECT_EQ(parse(split).result.error, 0);
}

TEST(WebSocketCodec, ReadsCloseFrames) {
  Parsed parsed = parse(client_frame(0x8, std::string("\x03\xe8") + "bye"));
  ASSERT_EQ(parsed.sink.events.size(), 1u);
  EXPECT_EQ(parsed.sink.events[0].code, 1000);
  EXPECT_EQ(parsed.sink.events[0].data, "bye");
  Parsed bare = parse(client_frame(0x8, ""));
  ASSERT_EQ(bare.sink.events.size(), 1u);
  EXPECT_EQ(bare.sink.events[0].code, close_code::no_status);
  EXPECT_EQ(parse(client_frame(0x8, "\x03")).result.error, close_code::protocol_error);
  EXPECT_EQ(parse(client_frame(0x8, "\x03\xed")).result.error, close_code::protocol_error);  // 1005
  EXPECT_EQ(parse(client_frame(0x8, std::string("\x03\xe8\xff"))).result.error,
            close_code::invalid_payload);
}

TEST(WebSocketCodec, StopsWhenTheSinkAsks) {
  std::string bytes = client_frame(0x1, "a") + client_frame(0x1, "b");
  Recorder sink;
  sink.stop_after_message = true;
  Fragments fragments;
  ParseResult result = parse_frames(bytes, 1 << 20, fragments, sink);
  EXPECT_EQ(sink.events.size(), 1u);
  EXPECT_EQ(result.consumed, client_frame(0x1, "a").size());
}

TEST(WebSocketCodec, BuildsServerFramesAsRfc6455Shows) {
  EXPECT_EQ(make_frame(Opcode::text, "Hello").bytes(), std::string("\x81\x05Hello"));
  SharedFrame medium = make_frame(Opcode::binary, std::string(256, 'x'));
  EXPECT_EQ(medium.bytes().substr(0, 4), std::string("\x82\x7e\x01\x00", 4));
  EXPECT_EQ(medium.payload().size(), 256u);
  SharedFrame large = make_frame(Opcode::binary, std::string(65536, 'x'));
  EXPECT_EQ(large.bytes().substr(0, 10),
            std::string("\x82\x7f\x00\x00\x00\x00\x00\x01\x00\x00", 10));
  EXPECT_EQ(make_close_frame(1001).bytes(), std::string("\x88\x02\x03\xe9", 4));
}

TEST(WebSocketCodec, SharedFramesCountReferences) {
  SharedFrame frame = make_frame(Opcode::text, "x");
  SharedFrame copy = frame;
  SharedFrame moved = std::move(copy);
  EXPECT_EQ(moved.data(), frame.data());
  EXPECT_FALSE(static_cast<bool>(copy));
}

}  // namespace
}  // namespace wick::detail::ws
