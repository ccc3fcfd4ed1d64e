#pragma once
// All database work, off the event loops. One writer thread owns the write connection and
// commits in groups: it takes every write queued while the previous commit was running, runs
// them in one transaction, commits once, and only then runs their completions (replies,
// broadcasts). A write that throws is left out: the transaction is rolled back and the others
// run again, so a write may run more than once and must touch nothing but the store; only its
// last run's completion runs. So a client hears "ok" only about what is on disk, one fsync serves
// many writes, and completions run in commit order. Reads go to a pool of reader threads, each with
// its own connection (WAL: readers and the writer do not block each other).
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "storage/chat_store.hpp"
#include "worker_pool.hpp"

namespace chat {

class Database {
 public:
  using Opener = std::function<std::unique_ptr<ChatStore>()>;
  /// A write: runs in the writer's transaction and returns what to do once it is committed.
  using Write = std::function<std::function<void()>(ChatStore&)>;
  /// Runs instead of the completion when the write (or its commit) failed.
  using Failure = std::function<void()>;
  using Read = std::function<void(ChatStore&)>;

  /// Opens one store for the writer and one per reader (`open` runs on this thread).
  Database(const Opener& open, unsigned readers);
  /// Finishes every queued write and read, then joins the threads (stop()).
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  /// Finishes every queued write and read and joins the threads; nothing may be queued after.
  void stop();

  /// `message_room`: the room the write adds a message to, if it does (ChatStore::lock_rooms).
  void write(Write write, Failure on_failure, std::optional<Id> message_room = std::nullopt);
  void read(Read read);

  /// Writes committed so far and the transactions that carried them (group-commit ratio).
  struct Stats {
    std::uint64_t writes = 0;
    std::uint64_t commits = 0;
  };
  Stats stats() const;

 private:
  struct PendingWrite {
    Write write;
    Failure on_failure;
    std::optional<Id> message_room;
  };

  void run_writer();
  void commit_group(std::vector<PendingWrite>& group);

  std::unique_ptr<ChatStore> writer_store_;
  std::vector<std::unique_ptr<ChatStore>> reader_stores_;

  mutable std::mutex mutex_;
  std::condition_variable writes_ready_;
  std::vector<PendingWrite> writes_;
  bool stopping_ = false;
  Stats stats_;

  std::thread writer_;
  WorkerPool readers_;  // worker i reads through reader_stores_[i]
};

}  // namespace chat
