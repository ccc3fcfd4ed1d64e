#include "channel/socket_mount.hpp"

#include "channel/carried_socket.hpp"
#include "log.hpp"
#include "net/connection.hpp"

namespace wick::detail {

std::optional<ConnectedSocket> SocketMount::admit(const ConnectRequest& request,
                                                  int& refusal_status) {
  NodeCounters& counters = services_.counters;
  if (counters.connections.load(std::memory_order_relaxed) >= services_.config.max_connections) {
    count_up(counters.refused_connections);
    refusal_status = 503;
    return std::nullopt;
  }
  if (!request.version) {
    refusal_status = 403;
    return std::nullopt;
  }
  ConnectedSocket connected;
  try {
    if (!handler_->connect(request.params, request.info, connected.socket)) {
      refusal_status = 403;
      return std::nullopt;
    }
    connected.id = handler_->id(connected.socket);
  } catch (const std::exception& e) {
    log::error(std::string("connect raised, refusing the socket: ") + e.what());
    refusal_status = 403;
    return std::nullopt;
  }
  return connected;
}

Admitted<WebSocketSession> SocketMount::accept_websocket(const ConnectRequest& request,
                                                         Connection& connection) {
  int refusal = 0;
  std::optional<ConnectedSocket> connected = admit(request, refusal);
  if (!connected) return {nullptr, refusal};
  return {std::make_unique<WebSocketSocket>(*this, connection.loop(), connection.id(),
                                            *request.version, std::move(*connected), connection)};
}

Admitted<LongPollSession> SocketMount::accept_longpoll(const ConnectRequest& request,
                                                       EventLoop& loop, std::uint64_t id,
                                                       const std::string& token) {
  int refusal = 0;
  std::optional<ConnectedSocket> connected = admit(request, refusal);
  if (!connected) return {nullptr, refusal};
  return {std::make_unique<LongPollSocket>(*this, loop, id, *request.version, std::move(*connected),
                                           loop, id, token)};
}

}  // namespace wick::detail
