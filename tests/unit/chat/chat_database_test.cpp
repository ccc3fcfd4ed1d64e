// Group commit, on both stores: writes queued together share one transaction; a write that
// fails (by throwing, or by an SQL error that aborts the transaction) is undone alone;
// completions run only after the commit, in order.
#include <gtest/gtest.h>

#include <filesystem>
#include <future>
#include <mutex>
#include <stdexcept>

#include "storage/database.hpp"
#include "storage/open_store.hpp"
#include "support/postgres_server.hpp"

namespace chat {
namespace {

class ChatDatabaseTest : public ::testing::TestWithParam<std::string> {};

INSTANTIATE_TEST_SUITE_P(Stores, ChatDatabaseTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST_P(ChatDatabaseTest, GroupsWritesAndIsolatesFailures) {
  auto path = std::filesystem::temp_directory_path() /
              ("wick-chat-db-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  std::string location = GetParam() == "postgresql"
                             ? wick::testing::shared_postgres_server().create_database()
                             : path.string();
  std::vector<std::string> events;
  std::mutex mutex;
  auto note = [&](std::string what) {
    std::lock_guard lock(mutex);
    events.push_back(std::move(what));
  };
  {
    Database database([&] { return open_store(location); }, 1);
    std::promise<void> gate;
    std::shared_future<void> opened = gate.get_future().share();
    // The first write holds the writer until the others are queued, so they form one group.
    database.write(
        [opened](ChatStore& store) -> std::function<void()> {
          opened.wait();
          store.create_user("first", "h", 1);
          return [] {};
        },
        [] {});
    for (int i = 0; i < 5; ++i) {
      database.write(
          [i, note](ChatStore& store) -> std::function<void()> {
            store.create_user("user" + std::to_string(i), "h", 1);
            if (i == 2) throw std::runtime_error("this one fails");
            if (i == 3) store.create_room("r", false, 999999, 1);  // no such user: SQL error
            return [i, note] { note("done " + std::to_string(i)); };
          },
          [i, note] { note("failed " + std::to_string(i)); });
    }
    gate.set_value();
    std::promise<bool> user4_exists;
    // Reads may run before the writes commit; wait for the writer by a write's completion.
    std::promise<void> written;
    database.write(
        [&](ChatStore&) -> std::function<void()> { return [&] { written.set_value(); }; }, [] {});
    written.get_future().wait();
    database.read(
        [&](ChatStore& store) { user4_exists.set_value(store.find_user("user4").has_value()); });
    EXPECT_TRUE(user4_exists.get_future().get());  // a reader sees what was committed
    Database::Stats stats = database.stats();
    EXPECT_EQ(stats.writes, 7u);
    EXPECT_LE(stats.commits, 3u);  // the first alone (at most), the five together, the last
  }
  EXPECT_EQ(events,
            (std::vector<std::string>{"done 0", "done 1", "failed 2", "failed 3", "done 4"}));
  {
    auto store = open_store(location);
    EXPECT_FALSE(store->find_user("user2"));  // left out when the others ran again
    EXPECT_FALSE(store->find_user("user3"));
    EXPECT_TRUE(store->find_user("user1"));
    EXPECT_TRUE(store->find_user("user4"));
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}

}  // namespace
}  // namespace chat
