// wick-history-cost: the memory of a topic whose stream is full, on a single node.
//
//   wick-history-cost [topics=1000] [size=100] [body_bytes=100]
//
// Fills `topics` memory streams (History{.size = size}) with `size` broadcasts each, a payload
// {"body": "<body_bytes characters>"} as the chat's messages carry, each one's V2 frame encoded
// as it is once delivered, and reports the heap growth (mallinfo2) per topic and per kept
// broadcast. docs/benchmarks.md ("History") quotes it.
#include <malloc.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "pubsub/broadcast_message.hpp"
#include "pubsub/memory_streams.hpp"

int main(int argc, char** argv) {
  int topics = argc > 1 ? std::stoi(argv[1]) : 1000;
  int size = argc > 2 ? std::stoi(argv[2]) : 100;
  int body_bytes = argc > 3 ? std::stoi(argv[3]) : 100;
  wick::History history{.size = static_cast<std::size_t>(size),
                        .ttl = std::chrono::hours(1),
                        .recovery_cap = static_cast<std::size_t>(size)};
  std::string body(static_cast<std::size_t>(body_bytes), 'x');

  std::size_t before = mallinfo2().uordblks;
  wick::detail::MemoryStreams streams(2);
  auto now = wick::detail::SteadyClock::now();
  std::size_t kept = 0;
  for (int t = 0; t < topics; ++t) {
    std::string topic = "chat:" + std::to_string(t);
    std::shared_ptr<wick::detail::TopicStream> stream = streams.stream(topic, history, now);
    std::lock_guard lock(stream->mutex);
    for (int i = 0; i < size; ++i) {
      auto message = stream->append(topic, "message", wick::Payload({{"body", body}}), 0, now);
      message->frame(wick::detail::SerializerVersion::v2);
    }
    kept += stream->kept();
  }
  std::size_t after = mallinfo2().uordblks;
  std::printf(
      "{\"topics\":%d,\"size\":%d,\"body_bytes\":%d,\"kept\":%zu,\"heap_bytes\":%zu,"
      "\"bytes_per_topic\":%.0f,\"bytes_per_broadcast\":%.0f}\n",
      topics, size, body_bytes, kept, after - before, static_cast<double>(after - before) / topics,
      static_cast<double>(after - before) / static_cast<double>(kept));
}
