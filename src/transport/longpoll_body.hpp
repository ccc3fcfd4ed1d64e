#pragma once
// The messages of a long-poll POST (spec §13.4): with Content-Type exactly
// "application/x-ndjson", one message per line (\n or \r\n), lines starting with '[' as text and
// others as padded standard base64 of a binary frame, empty lines ignored; with any other
// content type, the whole body is one text message. A batch of more than 100 messages is
// refused whole, as Phoenix ≥ 1.8.9 refuses it (phoenix.js sends at most 100 per POST).
#include <string>
#include <string_view>
#include <vector>

namespace wick::detail {

struct LongPollMessage {
  bool binary = false;
  std::string data;
};

inline constexpr std::size_t longpoll_batch_limit = 100;

struct LongPollBatch {
  std::vector<LongPollMessage> messages;
  /// Why the body was refused, nothing of it to be dispatched; nullptr when it was not.
  const char* refused = nullptr;
};

LongPollBatch split_longpoll_body(std::string_view content_type, std::string_view body);

}  // namespace wick::detail
