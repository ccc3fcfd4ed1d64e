#include "transport/origin_check.hpp"

#include <gtest/gtest.h>

namespace wick::detail {
namespace {

TEST(OriginCheck, MatchesSchemeHostAndPortWhenGiven) {
  std::vector<std::string> allowed = {"https://example.com", "//another.com:888"};
  EXPECT_TRUE(origin_allowed("https://example.com", allowed));
  EXPECT_FALSE(origin_allowed("http://example.com", allowed));
  EXPECT_FALSE(origin_allowed("https://sub.example.com", allowed));
  EXPECT_TRUE(origin_allowed("http://another.com:888", allowed));
  EXPECT_FALSE(origin_allowed("http://another.com", allowed));
}

TEST(OriginCheck, WildcardMatchesTheDomainAndSubdomains) {
  std::vector<std::string> allowed = {"//*.ex.com"};
  EXPECT_TRUE(origin_allowed("https://ex.com", allowed));
  EXPECT_TRUE(origin_allowed("https://org1.ex.com", allowed));
  EXPECT_FALSE(origin_allowed("https://org1.prefix-ex.com", allowed));
}

TEST(OriginCheck, RefusesUnparsableOrigins) {
  std::vector<std::string> allowed = {"//*.ex.com"};
  EXPECT_FALSE(origin_allowed("null", allowed));
  EXPECT_FALSE(origin_allowed("file://", allowed));
  EXPECT_FALSE(origin_allowed("", allowed));
}

}  // namespace
}  // namespace wick::detail
