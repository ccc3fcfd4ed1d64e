// JSON written by hand around serialized parts must parse back to what was written.
#include "protocol/json_text.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace wick::detail {
namespace {

TEST(JsonText, StringsEscapeWhatJsonRequiresAndParseBack) {
  std::string text = "quote \" backslash \\ newline \n tab \t bell \x07 del \x7f é";
  std::string out;
  append_json_string(out, text);
  EXPECT_EQ(out.front(), '"');
  EXPECT_EQ(out.find('\n'), std::string::npos);
  EXPECT_NE(out.find("\\u0007"), std::string::npos);
  EXPECT_EQ(boost::json::parse(out).as_string(), text);
}

TEST(JsonText, AbsentStringsAreNull) {
  std::string out;
  append_json_string_or_null(out, std::nullopt);
  out.push_back(',');
  append_json_string_or_null(out, std::string_view("7"));
  EXPECT_EQ(out, "null,\"7\"");
}

TEST(JsonText, ValuesAreSerializedWhole) {
  boost::json::value value = boost::json::parse(R"({"a":[1,2.5,null,true],"b":{"c":"d"}})");
  std::string out = "[";
  append_json_value(out, value);
  out.push_back(']');
  EXPECT_EQ(boost::json::parse(out).as_array().at(0), value);
}

}  // namespace
}  // namespace wick::detail
