#pragma once
// A few threads for CPU-heavy work that must stay off the event loops (password hashing).
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

  void submit(std::function<void()> task);
  /// Runs what is queued and joins the threads; nothing may be submitted after.
  void stop();

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace chat
