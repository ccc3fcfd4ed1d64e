#include "transport/longpoll_body.hpp"

#include "base64.hpp"

namespace wick::detail {

LongPollBatch split_longpoll_body(std::string_view content_type, std::string_view body) {
  LongPollBatch batch;
  if (content_type != "application/x-ndjson") {
    batch.messages.push_back({false, std::string(body)});
    return batch;
  }
  while (!body.empty()) {
    std::size_t newline = body.find('\n');
    std::string_view line = body.substr(0, newline);
    body = newline == std::string_view::npos ? std::string_view{} : body.substr(newline + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    static_assert(longpoll_batch_limit == 100, "the refusal below names the limit");
    if (batch.messages.size() == longpoll_batch_limit) {
      return {{}, "more than 100 messages in one POST"};
    }
    if (line.front() == '[') {
      batch.messages.push_back({false, std::string(line)});
      continue;
    }
    auto bytes = base64_decode(line);
    if (!bytes) return {{}, "a line is neither a JSON array nor base64"};
    batch.messages.push_back({true, std::move(*bytes)});
  }
  return batch;
}

}  // namespace wick::detail
