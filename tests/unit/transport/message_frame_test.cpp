// One frame per message for both transports: a WebSocket frame whose payload long-poll sends.
#include "transport/message_frame.hpp"

#include <gtest/gtest.h>

#include <string>

namespace wick::detail {
namespace {

TEST(MessageFrame, TextAndBinaryMessagesGetTheirOpcode) {
  SharedFrame text = message_frame(EncodedMessage{"[null,null,\"t\",\"e\",{}]", false});
  EXPECT_EQ(static_cast<unsigned char>(text.data()[0]), 0x81);  // FIN, text
  EXPECT_EQ(text.payload(), "[null,null,\"t\",\"e\",{}]");
  EXPECT_FALSE(text.binary());
  SharedFrame binary = message_frame(EncodedMessage{std::string("\x02\x01\x01te", 5), true});
  EXPECT_EQ(static_cast<unsigned char>(binary.data()[0]), 0x82);  // FIN, binary
  EXPECT_EQ(binary.payload(), std::string("\x02\x01\x01te", 5));
  EXPECT_TRUE(binary.binary());
}

TEST(MessageFrame, LongMessagesGetTheExtendedLength) {
  std::string bytes(70'000, 'x');
  SharedFrame frame = message_frame(EncodedMessage{bytes, false});
  EXPECT_EQ(static_cast<unsigned char>(frame.data()[1]), 127);  // 64-bit length follows
  EXPECT_EQ(frame.size(), bytes.size() + 10);
  EXPECT_EQ(frame.payload(), bytes);
}

TEST(MessageFrame, NothingEncodedIsNoFrame) {
  EXPECT_FALSE(message_frame(std::optional<EncodedMessage>()));
}

}  // namespace
}  // namespace wick::detail
