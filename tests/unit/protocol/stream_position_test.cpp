#include "protocol/stream_position.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "protocol/serializer.hpp"

namespace wick::detail {
namespace {

std::optional<StreamPosition> read(std::string_view text) {
  return read_position(boost::json::parse(text));
}

TEST(StreamPosition, IsWrittenAsTheReservedMember) {
  EXPECT_EQ(position_member(42, "ab\"c"), R"("_wick":{"offset":42,"epoch":"ab\"c"})");
  EXPECT_EQ(boost::json::serialize(position_object({3, "e"}, true)),
            R"({"offset":3,"epoch":"e","recovered":true})");
  EXPECT_EQ(boost::json::serialize(position_object({3, "e"})), R"({"offset":3,"epoch":"e"})");
}

TEST(StreamPosition, IsReadBackOnlyWhenWhole) {
  EXPECT_EQ(read(R"({"offset":7,"epoch":"e"})"), (StreamPosition{7, "e"}));
  EXPECT_EQ(read(R"({"offset":7.0,"epoch":"e"})"), (StreamPosition{7, "e"}));
  EXPECT_EQ(read(R"({"offset":0,"epoch":""})"), (StreamPosition{0, ""}));
  EXPECT_FALSE(read(R"({"offset":-1,"epoch":"e"})"));
  EXPECT_FALSE(read(R"({"offset":1.5,"epoch":"e"})"));
  EXPECT_FALSE(read(R"({"offset":"7","epoch":"e"})"));
  EXPECT_FALSE(read(R"({"offset":7})"));
  EXPECT_FALSE(read(R"({"offset":7,"epoch":1})"));
  EXPECT_FALSE(read(R"({"offset":9007199254740992,"epoch":"e"})"));  // beyond 2^53 - 1
  EXPECT_FALSE(read(R"([7,"e"])"));
}

TEST(StreamPosition, EncodedBroadcastsCarryItInTheirPayloadObject) {
  Payload body = boost::json::object{{"body", "hi"}};
  Payload empty;
  std::string member = position_member(5, "e");
  auto with_body = serializer_for(SerializerVersion::v2)
                       .encode({std::nullopt, std::nullopt, "t", "m", body, member});
  auto without = serializer_for(SerializerVersion::v1)
                     .encode({std::nullopt, std::nullopt, "t", "m", empty, member});
  ASSERT_TRUE(with_body && without);
  EXPECT_EQ(with_body->bytes,
            R"([null,null,"t","m",{"body":"hi","_wick":{"offset":5,"epoch":"e"}}])");
  EXPECT_NE(without->bytes.find(R"("payload":{"_wick":{"offset":5,"epoch":"e"}})"),
            std::string::npos);
}

}  // namespace
}  // namespace wick::detail
