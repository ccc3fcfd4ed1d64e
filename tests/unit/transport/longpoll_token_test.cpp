// Long-poll session tokens: signed, expiring, bound to one session id.
#include "transport/longpoll_token.hpp"

#include <gtest/gtest.h>

namespace wick::detail {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(LongPollTokens, VerifyWhatTheySignedAndNothingElse) {
  LongPollTokens tokens("secret-1");
  std::string token = tokens.sign(42, milliseconds(1'000'000));
  EXPECT_EQ(tokens.verify(token, milliseconds(1'000'500), seconds(60)), 42u);
  EXPECT_FALSE(LongPollTokens("secret-2").verify(token, milliseconds(1'000'500), seconds(60)));
  std::string other_session = "43" + token.substr(2);
  EXPECT_FALSE(tokens.verify(other_session, milliseconds(1'000'500), seconds(60)));
  EXPECT_FALSE(tokens.verify(token, milliseconds(1'000'000 + 61'000), seconds(60)));  // expired
  EXPECT_FALSE(tokens.verify("garbage", milliseconds(0), seconds(60)));
  EXPECT_FALSE(tokens.verify("", milliseconds(0), seconds(60)));
  EXPECT_NE(LongPollTokens().sign(42, milliseconds(1)), LongPollTokens().sign(42, milliseconds(1)));
}

}  // namespace
}  // namespace wick::detail
