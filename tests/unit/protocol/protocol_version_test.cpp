#include "protocol/protocol_version.hpp"

#include <gtest/gtest.h>

namespace wick::detail {
namespace {

std::optional<SerializerVersion> negotiate(boost::json::value vsn) {
  return negotiate_version(&vsn);
}

TEST(ProtocolVersion, PicksTheSerializer) {
  EXPECT_EQ(negotiate_version(nullptr), SerializerVersion::v1);
  EXPECT_EQ(negotiate("1.0.0"), SerializerVersion::v1);
  EXPECT_EQ(negotiate("2.0.0"), SerializerVersion::v2);
  EXPECT_EQ(negotiate("2.0.7"), SerializerVersion::v2);
  EXPECT_EQ(negotiate("2.0.0+build.5"), SerializerVersion::v2);
}

TEST(ProtocolVersion, RefusesWhatPhoenixRefuses) {
  for (const char* vsn : {"2.1.0", "3.0.0", "123.1.1", "2.0", "abc", "", "2.0.0-rc", "1.1.0"}) {
    EXPECT_FALSE(negotiate(vsn)) << vsn;
  }
  EXPECT_FALSE(negotiate(boost::json::array{"x"}));
}

}  // namespace
}  // namespace wick::detail
