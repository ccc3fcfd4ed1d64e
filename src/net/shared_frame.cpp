#include "net/shared_frame.hpp"

#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <utility>

namespace wick::detail {

SharedFrame::SharedFrame(const SharedFrame& other) noexcept : block_(other.block_) {
  if (block_) block_->refs.fetch_add(1, std::memory_order_relaxed);
}

SharedFrame& SharedFrame::operator=(SharedFrame other) noexcept {
  std::swap(block_, other.block_);
  return *this;
}

SharedFrame::~SharedFrame() {
  if (block_ && block_->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    block_->~Block();
    std::free(block_);
  }
}

SharedFrame SharedFrame::allocate(std::size_t size, std::size_t payload_offset, bool binary) {
  if (size > UINT32_MAX || payload_offset > size) throw std::length_error("frame too large");
  void* memory = std::malloc(offsetof(Block, bytes) + size + 1);
  if (memory == nullptr) throw std::bad_alloc();
  SharedFrame frame;
  frame.block_ = new (memory) Block{{1},
                                    static_cast<std::uint32_t>(size),
                                    static_cast<std::uint16_t>(payload_offset),
                                    binary,
                                    {0}};
  return frame;
}

SharedFrame SharedFrame::copy_of(std::string_view bytes) {
  SharedFrame frame = allocate(bytes.size(), 0, false);
  std::memcpy(frame.data(), bytes.data(), bytes.size());
  return frame;
}

}  // namespace wick::detail
