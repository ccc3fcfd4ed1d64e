// The event loop's residents: ids that carry the loop and a generation (a stale id never finds
// a new resident), destruction after the current callback, and a flush per round however many
// writes.
#include "net/event_loop.hpp"

#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <future>
#include <vector>

namespace wick::detail {
namespace {

class CountingResident : public LoopResident {
 public:
  explicit CountingResident(int* flushes, int* destroyed = nullptr)
      : flushes_(flushes), destroyed_(destroyed) {}
  ~CountingResident() override {
    if (destroyed_) ++*destroyed_;
  }
  void flush() override { ++*flushes_; }
  void check_timeouts(Clock::time_point) override {}
  void close_for_shutdown() override {}

 private:
  int* flushes_;
  int* destroyed_;
};

class EventLoopTest : public ::testing::Test {
 protected:
  void run() {
    loop.io().restart();
    loop.io().poll();
  }
  ConnectionSettings settings;
  EventLoop loop{3, std::chrono::seconds(1), settings};
  int flushes = 0;
};

TEST_F(EventLoopTest, IdsNameTheLoopAndNeverAReusedSlot) {
  int destroyed = 0;
  std::uint64_t first = loop.add(std::make_unique<CountingResident>(&flushes, &destroyed));
  EXPECT_EQ(first >> 56, 3u);
  EXPECT_NE(first, 0u);
  ASSERT_NE(loop.find(first), nullptr);
  loop.destroy_later(first);
  EXPECT_NE(loop.find(first), nullptr);  // not under its own feet
  run();
  EXPECT_EQ(destroyed, 1);
  EXPECT_EQ(loop.find(first), nullptr);
  std::uint64_t second = loop.add(std::make_unique<CountingResident>(&flushes));
  EXPECT_EQ(static_cast<std::uint32_t>(second), static_cast<std::uint32_t>(first));  // same slot
  EXPECT_NE(second, first);
  EXPECT_EQ(loop.find(first), nullptr);
  EXPECT_EQ(loop.resident_count(), 1u);
}

TEST_F(EventLoopTest, AResidentThatNeedsItsIdFirstGetsTheOneItIsFoundBy) {
  std::uint64_t seen = 0;
  std::uint64_t id = loop.add([&](std::uint64_t given) -> std::unique_ptr<LoopResident> {
    seen = given;
    return std::make_unique<CountingResident>(&flushes);
  });
  EXPECT_EQ(id, seen);
  EXPECT_NE(loop.find(id), nullptr);
  std::uint64_t refused = loop.add([](std::uint64_t) { return std::unique_ptr<LoopResident>(); });
  EXPECT_EQ(refused, 0u);
  EXPECT_EQ(loop.resident_count(), 1u);
}

TEST_F(EventLoopTest, FlushesEachResidentOnceARound) {
  std::uint64_t a = loop.add(std::make_unique<CountingResident>(&flushes));
  std::uint64_t b = loop.add(std::make_unique<CountingResident>(&flushes));
  loop.schedule_flush(a);
  loop.schedule_flush(b);
  loop.schedule_flush(0xdead);  // gone: skipped
  run();
  EXPECT_EQ(flushes, 2);
  run();
  EXPECT_EQ(flushes, 2);
}

TEST_F(EventLoopTest, KnowsItsThreadOnlyOnIt) {
  EXPECT_EQ(EventLoop::current(), nullptr);
  EventLoop* seen = nullptr;
  std::promise<void> done;
  loop.start();
  boost::asio::post(loop.io(), [&] {
    seen = EventLoop::current();
    done.set_value();
  });
  done.get_future().wait();
  loop.stop();
  EXPECT_EQ(seen, &loop);
}

}  // namespace
}  // namespace wick::detail
