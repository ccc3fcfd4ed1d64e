#include "channel/socket_lookup.hpp"

#include <boost/asio/post.hpp>

#include "channel/carried_socket.hpp"
#include "net/connection.hpp"
#include "net/event_loop.hpp"

namespace wick::detail {

SocketState* find_socket(EventLoop& loop, std::uint64_t id) {
  LoopResident* resident = loop.find(id);
  if (auto* connection = dynamic_cast<Connection*>(resident)) {
    auto* websocket = dynamic_cast<WebSocketSocket*>(connection->handler());
    return websocket ? websocket->socket() : nullptr;
  }
  auto* longpoll = dynamic_cast<LongPollSocket*>(resident);
  return longpoll ? longpoll->socket() : nullptr;
}

void post_to_socket(EventLoop& loop, std::uint64_t id, std::function<void(SocketState&)> fn) {
  // The loop by reference, not a shared_ptr: a handler holding its own loop alive would be a
  // cycle through the io_context. Posted handlers run on the loop or are destroyed with it.
  boost::asio::post(loop.io(), [&loop, id, fn = std::move(fn)] {
    if (SocketState* socket = find_socket(loop, id)) fn(*socket);
  });
}

}  // namespace wick::detail
