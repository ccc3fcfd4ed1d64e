// The chat's SQLite store: migrations, roles and bans, pagination and reactions.
#include <gtest/gtest.h>

#include <filesystem>

#include "storage/sqlite_store.hpp"

namespace chat {
namespace {

class ChatStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("wick-chat-store-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    std::filesystem::remove(path_);
    store_ = std::make_unique<SqliteStore>(path_.string());
  }
  void TearDown() override {
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path_.string() + suffix);
    }
  }
  Id user(std::string_view name) { return *store_->create_user(name, "hash", 1); }

  std::filesystem::path path_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(ChatStoreTest, MigratesOnceAndKeepsData) {
  Id ana = user("ana");
  store_.reset();
  store_ = std::make_unique<SqliteStore>(path_.string());  // reopening migrates nothing
  ASSERT_TRUE(store_->find_user(ana));
  EXPECT_EQ(store_->find_user("ANA")->id, ana);  // names compare case-insensitively
  EXPECT_FALSE(store_->create_user("Ana", "hash", 2));
}

TEST_F(ChatStoreTest, RolesBansAndVisibility) {
  Id ana = user("ana");
  Id bob = user("bob");
  Room open = store_->create_room("open", false, ana, 1);
  Room hidden = store_->create_room("hidden", true, ana, 1);
  EXPECT_EQ(store_->role(open.id, ana), Role::admin);
  EXPECT_FALSE(store_->role(open.id, bob));

  auto names = [&](Id who) {
    std::vector<std::string> out;
    for (const auto& visible : store_->visible_rooms(who)) out.push_back(visible.room.name);
    return out;
  };
  EXPECT_EQ(names(bob), std::vector<std::string>{"open"});
  store_->set_member(hidden.id, bob, Role::moderator);
  EXPECT_EQ(names(bob), (std::vector<std::string>{"open", "hidden"}));

  store_->ban(hidden.id, bob, ana, 2);
  EXPECT_TRUE(store_->is_banned(hidden.id, bob));
  EXPECT_FALSE(store_->role(hidden.id, bob));
  EXPECT_EQ(names(bob), std::vector<std::string>{"open"});
  store_->set_member(hidden.id, bob, Role::member);  // re-adding lifts the ban
  EXPECT_FALSE(store_->is_banned(hidden.id, bob));
}

TEST_F(ChatStoreTest, PagesNewestFirstButReturnsOldestFirst) {
  Id ana = user("ana");
  Room room = store_->create_room("r", false, ana, 1);
  Room other = store_->create_room("o", false, ana, 1);
  std::vector<Id> ids;
  for (int i = 0; i < 120; ++i) {
    ids.push_back(store_->add_message(room.id, ana, "m" + std::to_string(i), i).id);
    store_->add_message(other.id, ana, "elsewhere", i);  // interleaved ids of another room
  }
  auto latest = store_->messages_after(room.id, 0, 50);
  ASSERT_EQ(latest.size(), 50u);
  EXPECT_EQ(latest.front().body, "m70");
  EXPECT_EQ(latest.back().body, "m119");
  EXPECT_EQ(latest.back().username, "ana");
  auto older = store_->messages_before(room.id, latest.front().id, 50);
  ASSERT_EQ(older.size(), 50u);
  EXPECT_EQ(older.front().body, "m20");
  EXPECT_EQ(older.back().body, "m69");
  EXPECT_EQ(store_->messages_after(room.id, ids[117], 50).size(), 2u);

  EXPECT_TRUE(store_->soft_delete(room.id, ids[119], 5));
  EXPECT_FALSE(store_->soft_delete(room.id, ids[119], 6));   // already deleted
  EXPECT_FALSE(store_->soft_delete(other.id, ids[118], 6));  // not in that room
  EXPECT_EQ(store_->messages_after(room.id, 0, 50).back().body, "m118");
  EXPECT_FALSE(store_->message_visible(room.id, ids[119]));
}

TEST_F(ChatStoreTest, ReactionsOncePerUserAndEmojiInOrder) {
  Id ana = user("ana");
  Id bob = user("bob");
  Room room = store_->create_room("r", false, ana, 1);
  Id message = store_->add_message(room.id, ana, "hi", 1).id;
  EXPECT_TRUE(store_->add_reaction(message, bob, "👍", 2));
  EXPECT_TRUE(store_->add_reaction(message, ana, "👍", 2));
  EXPECT_FALSE(store_->add_reaction(message, bob, "👍", 3));
  EXPECT_TRUE(store_->add_reaction(message, bob, "🎉", 3));
  auto page = store_->messages_after(room.id, 0, 50);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].reactions.at("👍"), (std::vector<Id>{bob, ana}));
  EXPECT_EQ(page[0].reactions.at("🎉"), std::vector<Id>{bob});
}

TEST_F(ChatStoreTest, MentionsResolveToMembersOnly) {
  Id ana = user("ana");
  Id bob = user("bob");
  user("cy");
  Room room = store_->create_room("r", false, ana, 1);
  store_->set_member(room.id, bob, Role::member);
  auto found = store_->members_named(room.id, {"BOB", "cy", "nobody"});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, bob);
}

}  // namespace
}  // namespace chat
