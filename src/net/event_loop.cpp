#include "net/event_loop.hpp"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include "log.hpp"

namespace wick::detail {
namespace {

thread_local EventLoop* current_loop = nullptr;

constexpr std::size_t read_buffer_bytes = 256 * 1024;

// Ids carry the loop in the top byte, a generation (so a reused slot never answers to an old
// id) in the next 24 bits, and the slot in the low 32.
std::uint64_t make_id(unsigned loop, std::uint32_t generation, std::uint32_t slot) {
  return (std::uint64_t{loop} << 56) | (std::uint64_t{generation & 0xFFFFFF} << 32) | slot;
}

}  // namespace

EventLoop::EventLoop(unsigned index, std::chrono::milliseconds sweep_period,
                     const ConnectionSettings& settings)
    : index_(index),
      sweep_period_(sweep_period),
      connection_settings_(settings),
      sweep_timer_(io_),
      read_buffer_(read_buffer_bytes) {}

EventLoop::~EventLoop() { slots_.clear(); }

EventLoop* EventLoop::current() { return current_loop; }

void EventLoop::start() {
  arm_sweep();
  thread_ = std::thread([this] {
    current_loop = this;
    auto work = boost::asio::make_work_guard(io_);
    for (;;) {
      try {
        io_.run();
        break;
      } catch (const std::exception& e) {
        // Handlers catch application exceptions themselves; this is a last line of defence so
        // that one bad callback never takes the loop's other connections down.
        log::error(std::string("event loop: uncaught exception: ") + e.what());
      }
    }
    current_loop = nullptr;
  });
}

void EventLoop::stop() {
  io_.stop();
  if (thread_.joinable()) thread_.join();
}

std::uint64_t EventLoop::add(std::unique_ptr<LoopResident> resident) {
  return add([&resident](std::uint64_t) { return std::move(resident); });
}

std::uint64_t EventLoop::add(
    const std::function<std::unique_ptr<LoopResident>(std::uint64_t id)>& make) {
  std::uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  std::uint64_t id = make_id(index_, slots_[slot].generation, slot);
  std::unique_ptr<LoopResident> resident = make(id);
  if (!resident) {
    free_slots_.push_back(slot);
    return 0;
  }
  slots_[slot].resident = std::move(resident);
  ++live_;
  return id;
}

LoopResident* EventLoop::find(std::uint64_t id) {
  if ((id >> 56) != index_) return nullptr;
  auto slot = static_cast<std::uint32_t>(id);
  if (slot >= slots_.size()) return nullptr;
  Slot& s = slots_[slot];
  if (!s.resident || (s.generation & 0xFFFFFF) != ((id >> 32) & 0xFFFFFF)) return nullptr;
  return s.resident.get();
}

void EventLoop::destroy_later(std::uint64_t id) {
  boost::asio::post(io_, [this, id] {
    if (find(id) == nullptr) return;
    auto slot = static_cast<std::uint32_t>(id);
    slots_[slot].resident.reset();
    if ((++slots_[slot].generation & 0xFFFFFF) == 0) slots_[slot].generation = 1;
    free_slots_.push_back(slot);
    --live_;
  });
}

std::size_t EventLoop::drain(std::size_t at_most) {
  for (; drained_ < slots_.size() && at_most > 0; ++drained_) {
    if (!slots_[drained_].resident) continue;
    slots_[drained_].resident->close_for_shutdown();
    --at_most;
  }
  std::size_t left = 0;
  for (std::size_t slot = drained_; slot < slots_.size(); ++slot) {
    left += slots_[slot].resident != nullptr;
  }
  return left;
}

void EventLoop::close_all_for_shutdown() {
  for (Slot& slot : slots_) {
    if (slot.resident) slot.resident->close_for_shutdown();
  }
}

void EventLoop::schedule_flush(std::uint64_t id) {
  flush_list_.push_back(id);
  if (flush_posted_) return;
  flush_posted_ = true;
  boost::asio::post(io_, [this] { flush_scheduled(); });
}

void EventLoop::flush_scheduled() {
  flush_posted_ = false;
  std::vector<std::uint64_t> ids;
  ids.swap(flush_list_);
  for (std::uint64_t id : ids) {
    if (LoopResident* resident = find(id)) resident->flush();
  }
  // Keep the vector's capacity for the next round.
  ids.clear();
  if (flush_list_.empty()) flush_list_.swap(ids);
}

void EventLoop::arm_sweep() {
  sweep_timer_.expires_after(sweep_period_);
  sweep_timer_.async_wait([this](boost::system::error_code ec) {
    if (ec) return;
    sweep();
    arm_sweep();
  });
}

// Timeouts are checked by one periodic sweep rather than a timer per connection: a timer costs
// memory on every idle connection, the sweep costs a few nanoseconds per connection per period.
void EventLoop::sweep() {
  auto now = Clock::now();
  for (std::size_t slot = 0; slot < slots_.size(); ++slot) {
    if (LoopResident* resident = slots_[slot].resident.get()) resident->check_timeouts(now);
  }
}

}  // namespace wick::detail
