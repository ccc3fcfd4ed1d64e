#pragma once
// Accepts TCP connections on one loop and hands each to a loop, round-robin, for life: the
// `accepted` callback runs on that loop with the new socket.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "net/connection.hpp"

namespace wick::detail {

class EventLoop;

class Listener {
 public:
  /// Called on `loop` with a connection accepted for it.
  using Accepted = std::function<void(EventLoop& loop, Connection::TcpSocket socket)>;

  /// Binds and listens at once (throws when the address is taken), on `home`'s io_context.
  Listener(const std::string& host, std::uint16_t port,
           const std::vector<std::shared_ptr<EventLoop>>& loops, EventLoop& home,
           Accepted accepted);
  std::uint16_t port() const { return port_; }
  void start();
  /// Stops accepting; call on the home loop.
  void close();

 private:
  void accept_next();

  const std::vector<std::shared_ptr<EventLoop>>& loops_;
  Accepted accepted_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;
  std::uint16_t port_ = 0;
  std::size_t next_loop_ = 0;
};

}  // namespace wick::detail
