#pragma once
// Runs the application's connect() and id() for a new socket, whatever its transport. A refusal
// or an exception gives nothing (the transport answers 403).
#include <optional>
#include <string>
#include <wick/socket.hpp>
#include <wick/socket_handler.hpp>

namespace wick::detail {

struct ConnectedSocket {
  Socket socket;
  std::optional<std::string> id;
};

std::optional<ConnectedSocket> connect_socket(SocketHandler& handler, const json::object& params,
                                              const ConnectInfo& info);

}  // namespace wick::detail
