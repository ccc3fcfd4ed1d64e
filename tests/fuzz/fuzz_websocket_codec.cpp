// libFuzzer target: the WebSocket frame parser (RFC 6455), fed the input in the chunks a
// connection would see, with fragments carried between them. It must never crash, never
// deliver more than the message limit, and deliver only valid UTF-8 text.
#include <cstddef>
#include <cstdint>
#include <string>

#include "transport/utf8.hpp"
#include "transport/websocket_codec.hpp"

namespace {

using namespace wick::detail;

constexpr std::size_t max_message = 4096;

struct CheckingSink : ws::MessageSink {
  bool on_message(bool binary, std::string_view data) override {
    if (data.size() > max_message) __builtin_trap();
    if (!binary && !is_valid_utf8(data)) __builtin_trap();
    return true;
  }
  bool on_ping(std::string_view data) override {
    if (data.size() > 125) __builtin_trap();
    return true;
  }
  bool on_close(std::uint16_t, std::string_view) override { return false; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte chooses where the input is cut into two reads.
  std::size_t cut = size > 1 ? data[0] % size : 0;
  std::string pending;
  ws::Fragments fragments;
  CheckingSink sink;
  for (std::string_view chunk :
       {std::string_view(reinterpret_cast<const char*>(data) + 1, cut),
        std::string_view(reinterpret_cast<const char*>(data) + 1 + cut, size - 1 - cut)}) {
    pending.append(chunk);
    ws::ParseResult result = ws::parse_frames(std::span<char>(pending.data(), pending.size()),
                                              max_message, fragments, sink);
    if (result.consumed > pending.size()) __builtin_trap();
    if (result.error) return 0;
    pending.erase(0, result.consumed);
  }
  return 0;
}
