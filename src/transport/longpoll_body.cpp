#include "transport/longpoll_body.hpp"

#include "base64.hpp"

namespace wick::detail {

std::optional<std::vector<LongPollMessage>> split_longpoll_body(std::string_view content_type,
                                                                std::string_view body) {
  std::vector<LongPollMessage> messages;
  if (content_type != "application/x-ndjson") {
    messages.push_back({false, std::string(body)});
    return messages;
  }
  std::size_t lines = 0;
  while (!body.empty() && lines < longpoll_batch_limit) {
    std::size_t newline = body.find('\n');
    std::string_view line = body.substr(0, newline);
    body = newline == std::string_view::npos ? std::string_view{} : body.substr(newline + 1);
    ++lines;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line.front() == '[') {
      messages.push_back({false, std::string(line)});
      continue;
    }
    auto bytes = base64_decode(line);
    if (!bytes) return std::nullopt;
    messages.push_back({true, std::move(*bytes)});
  }
  return messages;
}

}  // namespace wick::detail
