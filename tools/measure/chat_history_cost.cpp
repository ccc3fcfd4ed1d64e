// wick-chat-history-cost: how long the chat's history queries take on a large database.
//
//   wick-chat-history-cost [MESSAGES=1000000] [ROOMS=10] [DB=/tmp/wick-chat-history.db]
//
// DB is a SQLite file or a postgresql:// URL (an empty database). Fills DB (unless it already
// holds MESSAGES messages) with MESSAGES messages spread round-robin
// over ROOMS rooms and 100 users, in transactions of 10,000, and reports the insert rate. Then
// times, over 2,000 queries each on random rooms, the two history queries of the chat as
// the store runs them: the join's page (the newest 50, messages_after) and a load_more page
// at a random point (messages_before). Each query includes reading the page's reactions.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "storage/open_store.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

void report(const char* name, std::vector<double>& samples) {
  std::sort(samples.begin(), samples.end());
  auto at = [&](double q) { return samples[static_cast<std::size_t>(q * (samples.size() - 1))]; };
  std::printf("%-28s median %7.1f us   p99 %7.1f us   max %7.1f us   (%zu queries)\n", name,
              at(0.5), at(0.99), samples.back(), samples.size());
}

}  // namespace

int main(int argc, char** argv) {
  long messages = argc > 1 ? std::atol(argv[1]) : 1'000'000;
  int rooms = argc > 2 ? std::atoi(argv[2]) : 10;
  std::string path = argc > 3 ? argv[3] : "/tmp/wick-chat-history.db";  // or a URL
  constexpr int users = 100;
  constexpr long batch = 10'000;

  std::unique_ptr<chat::ChatStore> opened = chat::open_store(path);
  chat::ChatStore& store = *opened;
  std::vector<chat::Id> room_ids;
  for (const auto& visible : store.visible_rooms(0)) room_ids.push_back(visible.room.id);
  long existing = 0;
  for (chat::Id room : room_ids) {
    auto newest = store.messages_after(room, 0, 1);
    if (!newest.empty()) existing = std::max(existing, newest.back().id);
  }
  if (static_cast<int>(room_ids.size()) != rooms || existing < messages) {
    std::printf("filling %s with %ld messages in %d rooms...\n", path.c_str(), messages, rooms);
    store.begin();
    std::vector<chat::Id> user_ids;
    for (int u = 0; u < users; ++u) {
      user_ids.push_back(*store.create_user("user" + std::to_string(u), "-", 0));
    }
    room_ids.clear();
    for (int r = 0; r < rooms; ++r) {
      room_ids.push_back(store.create_room("room" + std::to_string(r), false, user_ids[0], 0).id);
    }
    store.commit();
    auto start = Clock::now();
    std::string body = "a typical chat message of about sixty bytes, give or take..";
    for (long i = 0; i < messages; i += batch) {
      store.begin();
      for (long j = i; j < std::min(messages, i + batch); ++j) {
        store.add_message(room_ids[j % rooms], user_ids[j % users], body, j);
      }
      store.commit();
    }
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("inserted %ld messages in %.1f s: %.0f messages/s (batches of %ld)\n", messages,
                seconds, messages / seconds, batch);
  }
  if (!chat::is_postgresql_url(path)) {
    std::printf("database file: %.0f MB\n", std::filesystem::file_size(path) / 1e6);
  }

  std::mt19937 random(42);
  std::uniform_int_distribution<std::size_t> pick_room(0, room_ids.size() - 1);
  std::uniform_int_distribution<long> pick_id(1, messages);
  std::vector<double> join_page, older_page;
  for (int i = 0; i < 2000; ++i) {
    chat::Id room = room_ids[pick_room(random)];
    auto start = Clock::now();
    auto page = store.messages_after(room, 0, 50);
    join_page.push_back(micros(Clock::now() - start));
    if (page.size() != 50) return std::fprintf(stderr, "short join page\n"), 1;

    chat::Id before = pick_id(random);
    start = Clock::now();
    auto older = store.messages_before(room, before, 50);
    older_page.push_back(micros(Clock::now() - start));
  }
  report("join page (newest 50)", join_page);
  report("load_more (50 before id)", older_page);
  return 0;
}
