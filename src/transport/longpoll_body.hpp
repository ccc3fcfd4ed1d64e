#pragma once
// The messages of a long-poll POST (spec §13.4): with Content-Type exactly
// "application/x-ndjson", one message per line (\n or \r\n), the first 100 lines only, lines
// starting with '[' as text and others as padded standard base64 of a binary frame, empty
// lines ignored; with any other content type, the whole body is one text message.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wick::detail {

struct LongPollMessage {
  bool binary = false;
  std::string data;
};

inline constexpr std::size_t longpoll_batch_limit = 100;

/// The messages, or nullopt when a line is not valid base64.
std::optional<std::vector<LongPollMessage>> split_longpoll_body(std::string_view content_type,
                                                                std::string_view body);

}  // namespace wick::detail
