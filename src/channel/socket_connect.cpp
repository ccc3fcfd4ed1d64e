#include "channel/socket_connect.hpp"

#include "log.hpp"

namespace wick::detail {

std::optional<ConnectedSocket> connect_socket(SocketHandler& handler, const json::object& params,
                                              const ConnectInfo& info) {
  ConnectedSocket connected;
  try {
    if (!handler.connect(params, info, connected.socket)) return std::nullopt;
    connected.id = handler.id(connected.socket);
  } catch (const std::exception& e) {
    log::error(std::string("connect raised, refusing the socket: ") + e.what());
    return std::nullopt;
  }
  return connected;
}

}  // namespace wick::detail
