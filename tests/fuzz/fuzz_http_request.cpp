// libFuzzer target: HTTP/1.1 request parsing (Beast's parser behind HttpRequestReader), then
// what Wick does with a request: the WebSocket upgrade checks, the query string, and the body
// of a long-poll POST. The input is read in two chunks, as a connection might receive it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "protocol/query_params.hpp"
#include "transport/http_request.hpp"
#include "transport/longpoll_body.hpp"
#include "transport/origin_check.hpp"
#include "transport/websocket_handshake.hpp"

using namespace wick::detail;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::size_t cut = input.empty() ? 0 : data[0] % (input.size() + 1);
  HttpRequestReader reader(8 * 1024, 64 * 1024);
  std::size_t used = 0;
  auto state = reader.read(input.substr(0, cut), &used);
  if (used > cut) __builtin_trap();
  if (state == HttpRequestReader::State::need_more) {
    std::string rest(input.substr(used));
    state = reader.read(rest, &used);
    if (used > rest.size()) __builtin_trap();
  }
  if (state != HttpRequestReader::State::done) return 0;
  wick::HttpRequest request = reader.take();
  UpgradeCheck check = check_upgrade(request, {"https://example.com", "//*.example.org"});
  (void)check;
  (void)parse_query(request.query);
  auto type = request.header("content-type");
  LongPollBatch batch = split_longpoll_body(type ? *type : "", request.body);
  // A refused batch dispatches nothing; an accepted one never holds more than the limit.
  if (batch.refused && !batch.messages.empty()) __builtin_trap();
  if (batch.messages.size() > longpoll_batch_limit) __builtin_trap();
  if (auto origin = request.header("origin")) (void)origin_allowed(*origin, {"//*.example.org"});
  return 0;
}
