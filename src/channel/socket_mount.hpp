#pragma once
// One SocketHandler mounted on the endpoint, and the one way a socket is admitted over either
// transport: the node's connection limit (503), the application's connect() and id() (a
// refusal or an exception is 403), then the socket, built on the session that carries it.
#include <memory>
#include <optional>
#include <string>
#include <wick/socket.hpp>
#include <wick/socket_handler.hpp>

#include "channel/socket_services.hpp"
#include "transport/socket_acceptor.hpp"

namespace wick::detail {

/// A socket the application accepted, before a session carries it.
struct ConnectedSocket {
  Socket socket;
  std::optional<std::string> id;
};

class SocketMount final : public SocketAcceptor {
 public:
  SocketMount(std::shared_ptr<SocketHandler> handler, const SocketServices& services)
      : handler_(std::move(handler)), services_(services) {}

  Admitted<WebSocketSession> accept_websocket(const ConnectRequest& request,
                                              Connection& connection) override;
  Admitted<LongPollSession> accept_longpoll(const ConnectRequest& request, EventLoop& loop,
                                            std::uint64_t id, const std::string& token) override;

  /// The application's socket module: its connect(), id() and topic routes.
  const SocketHandler& handler() const { return *handler_; }
  /// What the mount's sockets and channels are given.
  const SocketServices& services() const { return services_; }

 private:
  /// The admission itself; on a refusal, gives nothing and sets `refusal_status`.
  std::optional<ConnectedSocket> admit(const ConnectRequest& request, int& refusal_status);

  std::shared_ptr<SocketHandler> handler_;
  const SocketServices& services_;
};

}  // namespace wick::detail
