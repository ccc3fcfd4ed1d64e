#include "transport/utf8.hpp"

#include <gtest/gtest.h>

namespace wick::detail {
namespace {

TEST(Utf8, AcceptsWellFormedText) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii that is longer than eight bytes"));
  EXPECT_TRUE(is_valid_utf8("room:café"));
  EXPECT_TRUE(is_valid_utf8("\xf0\x9f\x9a\x80 rocket"));
  EXPECT_TRUE(is_valid_utf8("\xef\xbf\xbf"));  // U+FFFF
}

TEST(Utf8, RefusesMalformedText) {
  EXPECT_FALSE(is_valid_utf8("\x80"));              // lone continuation
  EXPECT_FALSE(is_valid_utf8("\xc3"));              // truncated
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate U+D800
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // beyond U+10FFFF
  EXPECT_FALSE(is_valid_utf8("abcdefgh\xff"));      // after the ASCII fast path
}

}  // namespace
}  // namespace wick::detail
