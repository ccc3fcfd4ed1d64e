#pragma once
// Immutable bytes shared by every connection that sends them: a broadcast is encoded once and
// the same block is queued for each subscriber. One allocation holds the count and the bytes.
// The bytes are a complete wire frame; payload() skips the transport header (a WebSocket
// frame header) for transports that frame messages differently.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace wick::detail {

class SharedFrame {
 public:
  SharedFrame() = default;
  SharedFrame(const SharedFrame& other) noexcept;
  SharedFrame(SharedFrame&& other) noexcept : block_(other.block_) { other.block_ = nullptr; }
  SharedFrame& operator=(SharedFrame other) noexcept;
  ~SharedFrame();

  /// A frame of `size` bytes whose payload starts at `payload_offset`; fill it via data().
  static SharedFrame allocate(std::size_t size, std::size_t payload_offset, bool binary);
  /// A frame holding a copy of `bytes` with no header (an HTTP response, for instance).
  static SharedFrame copy_of(std::string_view bytes);

  explicit operator bool() const { return block_ != nullptr; }
  char* data() { return block_->bytes; }
  const char* data() const { return block_->bytes; }
  std::size_t size() const { return block_->size; }
  std::string_view bytes() const { return {block_->bytes, block_->size}; }
  std::string_view payload() const {
    return {block_->bytes + block_->payload_offset, block_->size - block_->payload_offset};
  }
  bool binary() const { return block_->binary; }

 private:
  struct Block {
    std::atomic<std::uint32_t> refs;
    std::uint32_t size;
    std::uint16_t payload_offset;
    bool binary;
    char bytes[1];
  };
  Block* block_ = nullptr;
};

}  // namespace wick::detail
