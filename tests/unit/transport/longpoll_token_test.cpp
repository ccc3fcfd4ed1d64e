// Long-poll session tokens: signed, expiring, bound to one session id and the node holding it.
#include "transport/longpoll_token.hpp"

#include <gtest/gtest.h>

namespace wick::detail {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(LongPollTokens, VerifyWhatTheySignedAndNothingElse) {
  LongPollTokens tokens("secret-1");
  std::string token = tokens.sign(42, "", milliseconds(1'000'000));
  EXPECT_EQ(tokens.verify(token, milliseconds(1'000'500), seconds(60)), 42u);
  EXPECT_FALSE(LongPollTokens("secret-2").verify(token, milliseconds(1'000'500), seconds(60)));
  std::string other_session = "43" + token.substr(2);
  EXPECT_FALSE(tokens.verify(other_session, milliseconds(1'000'500), seconds(60)));
  EXPECT_FALSE(tokens.verify(token, milliseconds(1'000'000 + 61'000), seconds(60)));  // expired
  EXPECT_FALSE(tokens.verify("garbage", milliseconds(0), seconds(60)));
  EXPECT_FALSE(tokens.verify("", milliseconds(0), seconds(60)));
  EXPECT_NE(LongPollTokens().sign(42, "", milliseconds(1)),
            LongPollTokens().sign(42, "", milliseconds(1)));
}

TEST(LongPollTokens, NameTheNodeOfTheSessionForAnyNodeToRead) {
  LongPollTokens tokens("secret-1");
  std::string token = tokens.sign(7, "web1.example:4000", milliseconds(5'000));
  EXPECT_EQ(LongPollTokens::node_of(token), "web1.example:4000");
  EXPECT_EQ(tokens.verify(token, milliseconds(5'001), seconds(60)), 7u);
  EXPECT_EQ(LongPollTokens::node_of(tokens.sign(7, "", milliseconds(5'000))), "");
  EXPECT_FALSE(LongPollTokens::node_of("garbage"));
  EXPECT_FALSE(LongPollTokens::node_of("1.2.3.4.5"));
  // Another node's name in the token: it no longer verifies.
  std::string other = tokens.sign(7, "web2.example:4000", milliseconds(5'000));
  std::size_t node_start = token.find('.', token.find('.') + 1) + 1;
  std::size_t node_end = token.rfind('.');
  std::string forged = token.substr(0, node_start) +
                       other.substr(node_start, other.rfind('.') - node_start) +
                       token.substr(node_end);
  EXPECT_EQ(LongPollTokens::node_of(forged), "web2.example:4000");
  EXPECT_FALSE(tokens.verify(forged, milliseconds(5'001), seconds(60)));
}

}  // namespace
}  // namespace wick::detail
