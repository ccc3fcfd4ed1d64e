#include "storage/database.hpp"

#include <algorithm>
#include <exception>
#include <iostream>

namespace chat {
namespace {

constexpr std::size_t max_group = 512;  // writes per commit, so one group cannot grow unbounded

void report(const char* what, const std::exception& e) {
  std::cerr << "[chat] " << what << ": " << e.what() << std::endl;
}

}  // namespace

namespace {

std::vector<std::unique_ptr<ChatStore>> open_stores(const Database::Opener& open, unsigned count) {
  std::vector<std::unique_ptr<ChatStore>> stores;
  for (unsigned i = 0; i < count; ++i) stores.push_back(open());
  return stores;
}

}  // namespace

Database::Database(const Opener& open, unsigned readers)
    : writer_store_(open()),
      reader_stores_(open_stores(open, readers)),
      writer_([this] { run_writer(); }),
      readers_(readers) {}

Database::~Database() { stop(); }

void Database::stop() {
  readers_.stop();
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  writes_ready_.notify_all();
  if (writer_.joinable()) writer_.join();
}

void Database::write(Write write, Failure on_failure, std::optional<Id> message_room) {
  {
    std::lock_guard lock(mutex_);
    writes_.push_back({std::move(write), std::move(on_failure), message_room});
  }
  writes_ready_.notify_one();
}

void Database::read(Read read) {
  readers_.submit([this, read = std::move(read)](unsigned worker) {
    read(*reader_stores_[worker]);  // an exception is logged by the pool
  });
}

Database::Stats Database::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void Database::run_writer() {
  std::vector<PendingWrite> group;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      writes_ready_.wait(lock, [&] { return stopping_ || !writes_.empty(); });
      if (writes_.empty()) return;  // stopping, and everything is written
      std::size_t take = std::min(writes_.size(), max_group);
      group.assign(std::make_move_iterator(writes_.begin()),
                   std::make_move_iterator(writes_.begin() + static_cast<long>(take)));
      writes_.erase(writes_.begin(), writes_.begin() + static_cast<long>(take));
    }
    commit_group(group);
    group.clear();
  }
}

void Database::commit_group(std::vector<PendingWrite>& group) {
  ChatStore& store = *writer_store_;
  std::vector<std::function<void()>> completions(group.size());
  std::vector<bool> failed(group.size(), false);
  std::vector<Id> message_rooms;
  for (const PendingWrite& pending : group) {
    if (pending.message_room) message_rooms.push_back(*pending.message_room);
  }
  std::sort(message_rooms.begin(), message_rooms.end());
  message_rooms.erase(std::unique(message_rooms.begin(), message_rooms.end()), message_rooms.end());
  // The group runs in one transaction, without a savepoint per write (each costs the server
  // a subtransaction). When a write throws, the transaction is rolled back and the group runs
  // again without it, so that a failed write undoes no other write.
  bool committed = false;
  for (bool replay = true; replay;) {
    replay = false;
    try {
      store.begin();
      if (!message_rooms.empty()) store.lock_rooms(message_rooms);
      for (std::size_t i = 0; i < group.size() && !replay; ++i) {
        if (failed[i]) continue;
        try {
          completions[i] = group[i].write(store);
        } catch (const std::exception& e) {
          report("write failed", e);
          failed[i] = true;
          replay = true;
        }
      }
      if (replay) {
        store.rollback();
      } else {
        store.commit();
        committed = true;
      }
    } catch (const std::exception& e) {
      report("commit failed", e);
      try {
        store.rollback();
      } catch (const std::exception& again) {
        report("rollback failed", again);
      }
      replay = false;
    }
  }
  if (!committed) failed.assign(group.size(), true);
  {
    std::lock_guard lock(mutex_);
    stats_.writes += group.size();
    stats_.commits += 1;
  }
  for (std::size_t i = 0; i < group.size(); ++i) {
    auto& completion = failed[i] ? group[i].on_failure : completions[i];
    if (!completion) continue;
    try {
      completion();
    } catch (const std::exception& e) {
      report("completion failed", e);
    }
  }
}

}  // namespace chat
