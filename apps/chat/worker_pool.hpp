#pragma once
// A few threads for work that must stay off the event loops: password hashing, and the
// database's reads (each worker with its own connection, found by the worker's number).
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace chat {

class WorkerPool {
 public:
  explicit WorkerPool(unsigned threads);
  /// Runs what is queued, then joins (stop()).
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  /// A task is told the number (0 .. threads - 1) of the worker that runs it.
  using Task = std::function<void(unsigned worker)>;

  void submit(Task task);
  /// Runs what is queued and joins the threads; nothing may be submitted after.
  void stop();

 private:
  void run(unsigned worker);

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Task> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace chat
