#include "transport/websocket_codec.hpp"

#include <cstring>

#include "transport/utf8.hpp"

namespace wick::detail::ws {
namespace {

struct FrameHeader {
  bool fin;
  Opcode opcode;
  std::size_t size;  // header bytes, mask included
  std::uint64_t length;
  const unsigned char* mask;
};

bool is_known_opcode(unsigned op) { return op <= 0x2 || (op >= 0x8 && op <= 0xA); }
bool is_control(Opcode op) { return static_cast<unsigned>(op) >= 0x8; }

// Reads a header at `p` with `available` bytes. Returns 0 when complete, a close code on a
// violation; sets `header->size` to 0 when more bytes are needed.
std::uint16_t read_header(const unsigned char* p, std::size_t available, FrameHeader* header) {
  header->size = 0;
  if (available < 2) return 0;
  if (p[0] & 0x70) return close_code::protocol_error;  // no extension negotiated: RSV must be 0
  if (!is_known_opcode(p[0] & 0x0F)) return close_code::protocol_error;
  if (!(p[1] & 0x80)) return close_code::protocol_error;  // clients must mask
  header->fin = p[0] & 0x80;
  header->opcode = static_cast<Opcode>(p[0] & 0x0F);
  std::size_t size = 2;
  std::uint64_t length = p[1] & 0x7F;
  if (length == 126) {
    if (available < 4) return 0;
    length = (std::uint64_t{p[2]} << 8) | p[3];
    size = 4;
  } else if (length == 127) {
    if (available < 10) return 0;
    length = 0;
    for (int i = 2; i < 10; ++i) length = (length << 8) | p[i];
    if (length >> 63) return close_code::protocol_error;
    size = 10;
  }
  if (is_control(header->opcode) && (!header->fin || length > 125)) {
    return close_code::protocol_error;
  }
  if (available < size + 4) return 0;
  header->mask = p + size;
  header->size = size + 4;
  header->length = length;
  return 0;
}

void unmask(char* data, std::size_t length, const unsigned char* mask) {
  std::uint64_t wide;
  unsigned char pattern[8];
  for (int i = 0; i < 8; ++i) pattern[i] = mask[i % 4];
  std::memcpy(&wide, pattern, 8);
  std::size_t i = 0;
  for (; i + 8 <= length; i += 8) {
    std::uint64_t chunk;
    std::memcpy(&chunk, data + i, 8);
    chunk ^= wide;
    std::memcpy(data + i, &chunk, 8);
  }
  for (; i < length; ++i) data[i] ^= mask[i % 4];
}

// A close frame's body: empty, or a 2-byte code and a UTF-8 reason.
std::uint16_t check_close_body(std::string_view body, std::uint16_t* code) {
  *code = close_code::no_status;
  if (body.empty()) return 0;
  if (body.size() == 1) return close_code::protocol_error;
  *code = static_cast<std::uint16_t>((static_cast<unsigned char>(body[0]) << 8) |
                                     static_cast<unsigned char>(body[1]));
  if (!is_valid_close_code(*code)) return close_code::protocol_error;
  if (!is_valid_utf8(body.substr(2))) return close_code::invalid_payload;
  return 0;
}

struct FrameResult {
  std::uint16_t error = 0;
  bool stop = false;
};

FrameResult deliver_control(const FrameHeader& header, std::string_view body, MessageSink& sink) {
  switch (header.opcode) {
    case Opcode::ping:
      return {0, !sink.on_ping(body)};
    case Opcode::pong:
      return {};
    default: {
      std::uint16_t code;
      if (std::uint16_t error = check_close_body(body, &code)) return {error, true};
      return {0, !sink.on_close(code, body.size() > 2 ? body.substr(2) : std::string_view{})};
    }
  }
}

FrameResult deliver_data(const FrameHeader& header, std::string_view body, Fragments& fragments,
                         MessageSink& sink) {
  bool continuation = header.opcode == Opcode::continuation;
  if (continuation != static_cast<bool>(fragments.data)) return {close_code::protocol_error, true};
  if (header.fin && !continuation) {
    bool binary = header.opcode == Opcode::binary;
    if (!binary && !is_valid_utf8(body)) return {close_code::invalid_payload, true};
    return {0, !sink.on_message(binary, body)};
  }
  if (!continuation) {
    fragments.data = std::make_unique<std::string>();
    fragments.binary = header.opcode == Opcode::binary;
  }
  fragments.data->append(body);
  if (!header.fin) return {};
  std::unique_ptr<std::string> message = std::move(fragments.data);
  if (!fragments.binary && !is_valid_utf8(*message)) return {close_code::invalid_payload, true};
  return {0, !sink.on_message(fragments.binary, *message)};
}

}  // namespace

ParseResult parse_frames(std::span<char> input, std::size_t max_message, Fragments& fragments,
                         MessageSink& sink) {
  ParseResult result;
  const auto* bytes = reinterpret_cast<const unsigned char*>(input.data());
  while (result.consumed < input.size()) {
    FrameHeader header;
    std::size_t available = input.size() - result.consumed;
    result.error = read_header(bytes + result.consumed, available, &header);
    if (result.error || header.size == 0) return result;
    if (!is_control(header.opcode)) {
      std::size_t buffered = fragments.data ? fragments.data->size() : 0;
      if (header.length > max_message || buffered + header.length > max_message) {
        result.error = close_code::message_too_big;
        return result;
      }
    }
    if (available - header.size < header.length) return result;  // wait for the payload
    char* body = input.data() + result.consumed + header.size;
    unmask(body, header.length, header.mask);
    std::string_view view(body, header.length);
    result.consumed += header.size + header.length;
    FrameResult frame = is_control(header.opcode) ? deliver_control(header, view, sink)
                                                  : deliver_data(header, view, fragments, sink);
    result.error = frame.error;
    if (frame.stop) return result;
  }
  return result;
}

std::size_t header_size(std::size_t payload_size) {
  if (payload_size < 126) return 2;
  if (payload_size <= 0xFFFF) return 4;
  return 10;
}

void write_header(char* out, Opcode opcode, std::size_t payload_size) {
  auto* p = reinterpret_cast<unsigned char*>(out);
  p[0] = 0x80 | static_cast<unsigned char>(opcode);
  if (payload_size < 126) {
    p[1] = static_cast<unsigned char>(payload_size);
  } else if (payload_size <= 0xFFFF) {
    p[1] = 126;
    p[2] = static_cast<unsigned char>(payload_size >> 8);
    p[3] = static_cast<unsigned char>(payload_size);
  } else {
    p[1] = 127;
    for (int i = 0; i < 8; ++i) {
      p[2 + i] = static_cast<unsigned char>(std::uint64_t{payload_size} >> (56 - 8 * i));
    }
  }
}

SharedFrame make_frame(Opcode opcode, std::string_view payload) {
  return make_frame(opcode, {payload});
}

SharedFrame make_frame(Opcode opcode, std::initializer_list<std::string_view> parts) {
  std::size_t size = 0;
  for (std::string_view part : parts) size += part.size();
  std::size_t header = header_size(size);
  SharedFrame frame = SharedFrame::allocate(header + size, header, opcode == Opcode::binary);
  write_header(frame.data(), opcode, size);
  char* out = frame.data() + header;
  for (std::string_view part : parts) {
    std::memcpy(out, part.data(), part.size());
    out += part.size();
  }
  return frame;
}

SharedFrame make_close_frame(std::uint16_t code, std::string_view reason) {
  std::string body;
  body.push_back(static_cast<char>(code >> 8));
  body.push_back(static_cast<char>(code & 0xFF));
  body.append(reason.substr(0, 123));
  return make_frame(Opcode::close, body);
}

bool is_valid_close_code(std::uint16_t code) {
  if (code >= 3000 && code <= 4999) return true;
  if (code < 1000 || code > 1014) return false;
  return code != 1004 && code != 1005 && code != 1006;
}

}  // namespace wick::detail::ws
