// wick-micro-bench: Google Benchmark micro-benchmarks of the hot paths: WebSocket frame parsing
// and framing, V2 decode and broadcast encode, topic routing, and the per-subscriber cost of
// enqueueing a broadcast (a pooled node holding a reference to the shared frame).
//
//   build/bin/wick-micro-bench [--benchmark_repetitions=5 --benchmark_report_aggregates_only=true]
//   cmake --build build --target bench        (builds it and runs it with 5 repetitions)
#include <benchmark/benchmark.h>

#include <string>
#include <vector>
#include <wick/channel.hpp>
#include <wick/topic_router.hpp>

#include "net/event_loop.hpp"
#include "protocol/serializer.hpp"
#include "transport/message_frame.hpp"
#include "transport/websocket_codec.hpp"

namespace {

using namespace wick::detail;

const std::string join_text = R"(["3","3","room:lobby","phx_join",{"user":"ana"}])";

std::string masked_frame(const std::string& payload) {
  std::string frame;
  frame.push_back(static_cast<char>(0x81));
  frame.push_back(static_cast<char>(0x80 | payload.size()));  // payloads under 126 bytes
  const char mask[4] = {0x11, 0x22, 0x33, 0x44};
  frame.append(mask, 4);
  for (std::size_t i = 0; i < payload.size(); ++i) frame.push_back(payload[i] ^ mask[i % 4]);
  return frame;
}

struct CountingSink : ws::MessageSink {
  std::size_t messages = 0;
  bool on_message(bool, std::string_view) override { return ++messages, true; }
  bool on_ping(std::string_view) override { return true; }
  bool on_close(std::uint16_t, std::string_view) override { return false; }
};

void WebSocketParse100Frames(benchmark::State& state) {
  std::string input;
  for (int i = 0; i < 100; ++i) input += masked_frame(join_text);
  std::string work;
  CountingSink sink;
  ws::Fragments fragments;
  for (auto _ : state) {
    work = input;  // parsing unmasks in place
    ws::parse_frames(std::span<char>(work.data(), work.size()), 1 << 20, fragments, sink);
  }
  if (sink.messages != static_cast<std::size_t>(state.iterations()) * 100) {
    state.SkipWithError("frames were not parsed");
  }
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(WebSocketParse100Frames);

void WebSocketMakeFrame(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(ws::make_frame(ws::Opcode::text, join_text));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(WebSocketMakeFrame);

void V2DecodeJoin(benchmark::State& state) {
  const Serializer& v2 = serializer_for(SerializerVersion::v2);
  for (auto _ : state) benchmark::DoNotOptimize(v2.decode(false, join_text));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(V2DecodeJoin);

void V2EncodeBroadcast(benchmark::State& state) {
  const Serializer& v2 = serializer_for(SerializerVersion::v2);
  wick::Payload payload(wick::json::object{{"body", "hello everyone"}, {"user_id", 42}});
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        message_frame(v2.encode({std::nullopt, std::nullopt, "room:lobby", "new_msg", payload})));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(V2EncodeBroadcast);

class NoChannel : public wick::Channel {
  wick::JoinResult join(std::string_view, const wick::json::value&) override {
    return wick::JoinResult::ok();
  }
};

void TopicRouterMatch(benchmark::State& state) {
  wick::TopicRouter router;
  for (int i = 0; i < 20; ++i) {
    router.add("feature" + std::to_string(i) + ":*", [] { return std::make_unique<NoChannel>(); });
  }
  router.add("room:*", [] { return std::make_unique<NoChannel>(); });
  for (auto _ : state) benchmark::DoNotOptimize(router.match("room:12345"));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(TopicRouterMatch);

// The per-subscriber work of a broadcast on a loop: a pooled 16-byte node with a reference to
// the one encoded frame, linked into a write queue, and given back once written.
void BroadcastEnqueuePerSubscriber(benchmark::State& state) {
  OutNodePool pool;
  SharedFrame frame = ws::make_frame(ws::Opcode::text, join_text);
  std::vector<OutNode*> queue(1000);
  for (auto _ : state) {
    for (auto& node : queue) node = pool.take(frame);
    for (auto* node : queue) pool.give_back(node);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(queue.size()));
}
BENCHMARK(BroadcastEnqueuePerSubscriber);

}  // namespace

BENCHMARK_MAIN();
