#include "base64.hpp"

#include <gtest/gtest.h>

namespace wick::detail {
namespace {

TEST(Base64, EncodesUrlSafeWithoutPadding) {
  EXPECT_EQ(base64url_encode(""), "");
  EXPECT_EQ(base64url_encode("hi"), "aGk");
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
  EXPECT_EQ(base64url_encode("abc"), "YWJj");
}

TEST(Base64, DecodesBothAlphabetsPaddedOrNot) {
  EXPECT_EQ(base64_decode("aGk"), "hi");
  EXPECT_EQ(base64_decode("aGk="), "hi");
  EXPECT_EQ(base64_decode("-_8"), std::string("\xfb\xff"));
  EXPECT_EQ(base64_decode("+/8"), std::string("\xfb\xff"));
  EXPECT_FALSE(base64_decode("a"));
  EXPECT_FALSE(base64_decode("a*b"));
}

// Regression: "aGl" differs from "aGk" ("hi") only in the unused trailing bits, and decoded to
// the same bytes, so a token whose last character was changed from 'A' to 'B' still verified.
TEST(Base64, RefusesNonZeroTrailingBits) {
  EXPECT_EQ(base64_decode("aGk"), "hi");
  EXPECT_FALSE(base64_decode("aGl"));
  EXPECT_FALSE(base64_decode("aB"));
  EXPECT_EQ(base64_decode("aA"), std::string("h"));
}

TEST(Base64, RoundTripsEveryByte) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  for (std::size_t n = 0; n <= bytes.size(); n += 37) {
    EXPECT_EQ(base64_decode(base64url_encode(bytes.substr(0, n))), bytes.substr(0, n));
  }
}

}  // namespace
}  // namespace wick::detail
