// wick-bench's presence lists: the scan must read presence_state and presence_diff as
// phoenix.js does, whatever the values hold (nested objects, escaped quotes, brackets in
// strings), since a wrong count would report a list complete too early or never.
#include "presence_lists.hpp"

#include <gtest/gtest.h>

#include <string>

namespace bench {
namespace {

TEST(SkipJsonValue, SkipsStringsObjectsArraysAndLiterals) {
  EXPECT_EQ(skip_json_value(R"("a\"b" ,)", 0), 6u);
  EXPECT_EQ(skip_json_value(R"("a\\" ,)", 0), 5u);
  EXPECT_EQ(skip_json_value(R"({"k":["}",{"x":"]"}]},1)", 0), 21u);
  EXPECT_EQ(skip_json_value("  123,", 0), 5u);
  EXPECT_EQ(skip_json_value(R"({"open":[1,2)", 0), std::string_view::npos);
}

TEST(PresenceLists, StateReplacesAndDiffsAddAndRemove) {
  PresenceLists lists(2);
  EXPECT_FALSE(lists.on_message(0, R"(["1","1","room:x","phx_reply",{"status":"ok"}])"));
  EXPECT_TRUE(lists.on_message(
      0, R"(["1",null,"room:x","presence_state",{"a":{"metas":[{"phx_ref":"r\"}1"}]},)"
         R"("b]":{"metas":[{"phx_ref":"r2","note":"{["}]}})"));
  EXPECT_EQ(lists.size(0), 2u);
  EXPECT_EQ(lists.size(1), 0u);
  lists.on_message(
      0, R"(["1",null,"room:x","presence_diff",)"
         R"({"joins":{"c":{"metas":[{}]},"a":{"metas":[{}]}},"leaves":{"b]":{"metas":[{}]}}}])");
  EXPECT_EQ(lists.size(0), 2u);  // a (again) and c; b] left
  lists.on_message(0, R"(["1",null,"room:x","presence_state",{"d":{"metas":[]}}])");
  EXPECT_EQ(lists.size(0), 1u);
  lists.on_message(0, R"(["1",null,"room:x","presence_diff",{"joins":{},"leaves":{"x":{}}}])");
  EXPECT_EQ(lists.size(0), 1u);  // leaving an absent key changes nothing
}

}  // namespace
}  // namespace bench
