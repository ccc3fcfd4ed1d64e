#pragma once
// Accepts TCP connections on one loop and hands each to a loop, round-robin, for life.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <string>

namespace wick::detail {

class EndpointCore;
class EventLoop;

class Listener {
 public:
  /// Binds and listens at once (throws when the address is taken), on `home`'s io_context.
  Listener(EndpointCore& core, EventLoop& home);
  std::uint16_t port() const { return port_; }
  void start();
  /// Stops accepting; call on the home loop.
  void close();

 private:
  void accept_next();

  EndpointCore& core_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;
  std::uint16_t port_ = 0;
  std::size_t next_loop_ = 0;
};

}  // namespace wick::detail
