#pragma once
// RFC 6455 server side, as pure functions over bytes: no I/O. parse_frames() turns client bytes
// into whole messages and control frames; make_frame() builds server frames (unmasked, FIN set).
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "net/shared_frame.hpp"

namespace wick::detail::ws {

enum class Opcode : std::uint8_t {
  continuation = 0x0,
  text = 0x1,
  binary = 0x2,
  close = 0x8,
  ping = 0x9,
  pong = 0xA,
};

/// Close codes Wick sends (RFC 6455 §7.4.1).
namespace close_code {
inline constexpr std::uint16_t normal = 1000;
inline constexpr std::uint16_t going_away = 1001;
inline constexpr std::uint16_t protocol_error = 1002;
inline constexpr std::uint16_t unsupported_data = 1003;
inline constexpr std::uint16_t no_status = 1005;
inline constexpr std::uint16_t invalid_payload = 1007;
inline constexpr std::uint16_t policy_violation = 1008;
inline constexpr std::uint16_t message_too_big = 1009;
inline constexpr std::uint16_t internal_error = 1011;
inline constexpr std::uint16_t service_restart = 1012;
}  // namespace close_code

/// Receives what parse_frames() finds. Each method returns false to stop parsing.
class MessageSink {
 public:
  virtual bool on_message(bool binary, std::string_view data) = 0;
  virtual bool on_ping(std::string_view data) = 0;
  /// `code` is close_code::no_status when the close frame carried none.
  virtual bool on_close(std::uint16_t code, std::string_view reason) = 0;

 protected:
  ~MessageSink() = default;
};

/// The unfinished fragmented message of one connection; holds memory only while one is open.
struct Fragments {
  std::unique_ptr<std::string> data;
  bool binary = false;
};

struct ParseResult {
  std::size_t consumed = 0;  // bytes of complete frames; the caller keeps the rest
  std::uint16_t error = 0;   // a close code when the input violates the protocol, else 0
};

/// Parses every complete frame in `input`, unmasking in place. Messages (after reassembly)
/// over `max_message` bytes fail with 1009, invalid UTF-8 text with 1007, RFC violations with 1002.
ParseResult parse_frames(std::span<char> input, std::size_t max_message, Fragments& fragments,
                         MessageSink& sink);

/// Bytes of the header of a server frame with `payload_size` bytes.
std::size_t header_size(std::size_t payload_size);
/// Writes that header at `out` (header_size() bytes).
void write_header(char* out, Opcode opcode, std::size_t payload_size);
SharedFrame make_frame(Opcode opcode, std::string_view payload);
/// A frame whose payload is the concatenation of `parts`, written straight into the frame.
SharedFrame make_frame(Opcode opcode, std::initializer_list<std::string_view> parts);
SharedFrame make_close_frame(std::uint16_t code, std::string_view reason = {});

/// True for codes a peer may send in a close frame (RFC 6455 §7.4).
bool is_valid_close_code(std::uint16_t code);

}  // namespace wick::detail::ws
