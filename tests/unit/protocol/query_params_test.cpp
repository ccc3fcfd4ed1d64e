#include "protocol/query_params.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace wick::detail {
namespace {

TEST(QueryParams, DecodesLikePlug) {
  // phoenix.js encodes {user: {id: 1}, k: ["a","b"], s: "a b&c"} like this (spec §2.2).
  auto params = parse_query("user%5Bid%5D=1&k%5B0%5D=a&k%5B1%5D=b&s=a%20b%26c&vsn=2.0.0");
  EXPECT_EQ(params, boost::json::parse(
                        R"({"user":{"id":"1"},"k":{"0":"a","1":"b"},"s":"a b&c","vsn":"2.0.0"})"));
}

TEST(QueryParams, AcceptsEmptyPairsAndPlusAsSpace) {
  EXPECT_EQ(parse_query("vsn=2.0.0&"), boost::json::parse(R"({"vsn":"2.0.0"})"));
  EXPECT_EQ(parse_query("&&a=x+y&b"), boost::json::parse(R"({"a":"x y","b":""})"));
}

TEST(QueryParams, CollectsListKeys) {
  EXPECT_EQ(parse_query("vsn[]=x&vsn[]=y"), boost::json::parse(R"({"vsn":["x","y"]})"));
}

TEST(QueryParams, LeavesBrokenEscapesAlone) {
  EXPECT_EQ(percent_decode("100%"), "100%");
  EXPECT_EQ(percent_decode("%zz%41"), "%zzA");
}

}  // namespace
}  // namespace wick::detail
