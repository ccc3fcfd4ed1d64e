// The chat's stores, SQLite and PostgreSQL, held to the same behaviour: migrations, roles and
// bans, pagination and reactions. Then what only a shared PostgreSQL database has to get right:
// several writers, nodes migrating together, and a server restart under a live connection.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "storage/open_store.hpp"
#include "storage/postgres_store.hpp"
#include "support/postgres_server.hpp"

namespace chat {
namespace {

using wick::testing::shared_postgres_server;

class ChatStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") {
      location_ = shared_postgres_server().create_database();
    } else {
      location_ = (std::filesystem::temp_directory_path() /
                   ("wick-chat-store-" + std::to_string(::getpid()) + "-" +
                    std::to_string(++files_) + ".db"))
                      .string();
      std::filesystem::remove(location_);
    }
    store_ = open_store(location_);
  }
  void TearDown() override {
    store_.reset();
    if (GetParam() == "postgresql") return;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(location_ + suffix);
  }
  Id user(std::string_view name) { return *store_->create_user(name, "hash", 1); }

  static inline int files_ = 0;
  std::string location_;
  std::unique_ptr<ChatStore> store_;
};

INSTANTIATE_TEST_SUITE_P(Stores, ChatStoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST_P(ChatStoreTest, MigratesOnceAndKeepsData) {
  Id ana = user("ana");
  store_.reset();
  store_ = open_store(location_);  // reopening migrates nothing
  ASSERT_TRUE(store_->find_user(ana));
  EXPECT_EQ(store_->find_user("ANA")->id, ana);  // names compare case-insensitively
  EXPECT_FALSE(store_->create_user("Ana", "hash", 2));
}

TEST_P(ChatStoreTest, RolesBansAndVisibility) {
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

TEST_P(ChatStoreTest, PagesNewestFirstButReturnsOldestFirst) {
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

TEST_P(ChatStoreTest, ReactionsOncePerUserAndEmojiInOrder) {
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

TEST_P(ChatStoreTest, MentionsResolveToMembersOnly) {
  Id ana = user("ana");
  Id bob = user("bob");
  user("cy");
  Room room = store_->create_room("r", false, ana, 1);
  store_->set_member(room.id, bob, Role::member);
  auto found = store_->members_named(room.id, {"BOB", "cy", "nobody"});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, bob);
}

// Two nodes' writers add messages to one room: the second waits for the first's commit, so ids
// rise in commit order (a client that saw the second's message cannot miss the first's).
TEST(PostgresStoreTest, MessageIdsInARoomRiseInCommitOrder) {
  std::string url = shared_postgres_server().create_database();
  PostgresStore first(url);
  PostgresStore second(url);
  Id ana = *first.create_user("ana", "hash", 1);
  Room room = first.create_room("r", false, ana, 1);

  first.begin();
  first.lock_rooms({room.id});
  Id early = first.add_message(room.id, ana, "first's", 2).id;
  std::atomic<bool> second_committed = false;
  Id late = 0;
  std::thread other([&] {
    second.begin();
    second.lock_rooms({room.id});
    late = second.add_message(room.id, ana, "second's", 3).id;
    second.commit();
    second_committed = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(second_committed) << "the second writer did not wait for the first";
  Id later_early = first.add_message(room.id, ana, "first's again", 4).id;
  first.commit();
  other.join();
  EXPECT_GT(late, early);
  EXPECT_GT(late, later_early);
  auto page = first.messages_after(room.id, 0, 50);
  ASSERT_EQ(page.size(), 3u);
  EXPECT_EQ(page.back().body, "second's");
}

// Three nodes start at once on an empty database: one migrates, the others find it done.
TEST(PostgresStoreTest, NodesStartingTogetherMigrateOnce) {
  std::string url = shared_postgres_server().create_database();
  std::vector<std::thread> nodes;
  std::atomic<int> opened = 0;
  for (int i = 0; i < 3; ++i) {
    nodes.emplace_back([&] {
      PostgresStore store(url);
      opened += 1;
    });
  }
  for (auto& node : nodes) node.join();
  EXPECT_EQ(opened, 3);
  PostgresStore store(url);
  EXPECT_TRUE(store.create_user("ana", "hash", 1));
}

// The server restarts under a live connection: the call that finds the link broken fails, the
// next one reconnects (with its prepared statements) and works.
TEST(PostgresStoreTest, ReconnectsAfterTheServerRestarts) {
  std::string url = shared_postgres_server().create_database();
  PostgresStore store(url);
  Id ana = *store.create_user("ana", "hash", 1);
  shared_postgres_server().restart();
  EXPECT_THROW(store.find_user(ana), std::exception);
  ASSERT_TRUE(store.find_user(ana));
  EXPECT_EQ(store.find_user("ANA")->id, ana);
  store.begin();
  EXPECT_TRUE(store.create_user("bob", "hash", 2));
  store.commit();
}

}  // namespace
}  // namespace chat
