// The chat's small text rules: mentions, usernames, password hashes, times.
#include <gtest/gtest.h>

#include "chat_json.hpp"
#include "mentions.hpp"
#include "passwords.hpp"

namespace chat {
namespace {

TEST(ChatMentions, FindsDistinctValidNamesButNotAddresses) {
  EXPECT_EQ(mentioned_names("hi @bob and @cy_2, @bob again; mail me@example.com @x"),
            (std::vector<std::string>{"bob", "cy_2"}));
  EXPECT_TRUE(mentioned_names("no mentions here").empty());
  EXPECT_TRUE(valid_username("ana_42"));
  EXPECT_FALSE(valid_username("an"));
  EXPECT_FALSE(valid_username("ana!"));
  EXPECT_FALSE(valid_username(std::string(33, 'a')));
}

TEST(ChatPasswords, VerifyOnlyTheRightPassword) {
  ScryptCost cheap{.log_n = 10, .r = 8, .p = 1};
  std::string stored = hash_password("correct horse", cheap);
  EXPECT_TRUE(stored.starts_with("$scrypt$ln=10,r=8,p=1$"));
  EXPECT_TRUE(verify_password("correct horse", stored));
  EXPECT_FALSE(verify_password("correct horsf", stored));
  EXPECT_NE(hash_password("correct horse", cheap), stored);  // salted
  EXPECT_FALSE(verify_password("x", "not a hash"));
  EXPECT_FALSE(verify_password("x", "$scrypt$ln=99,r=8,p=1$00$00"));
}

TEST(ChatJson, FormatsTimesAndReadsIds) {
  EXPECT_EQ(iso_time(1'700'000'000'123), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(read_id(std::string_view("42")), 42);
  EXPECT_FALSE(read_id(std::string_view("0")));
  EXPECT_FALSE(read_id(std::string_view("4x")));
  wick::json::value number = 7;
  wick::json::value text = "8";
  wick::json::value negative = -1;
  EXPECT_EQ(read_id(&number), 7);
  EXPECT_EQ(read_id(&text), 8);
  EXPECT_FALSE(read_id(&negative));
  EXPECT_FALSE(read_id(nullptr));
}

}  // namespace
}  // namespace chat
