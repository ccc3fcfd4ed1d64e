#include "net/listener.hpp"

#include <boost/asio/post.hpp>

#include "log.hpp"
#include "net/event_loop.hpp"

namespace wick::detail {

namespace asio = boost::asio;
using asio::ip::tcp;

Listener::Listener(const std::string& host, std::uint16_t port,
                   const std::vector<std::shared_ptr<EventLoop>>& loops, EventLoop& home,
                   Accepted accepted)
    : loops_(loops), accepted_(std::move(accepted)), acceptor_(home.io()), retry_timer_(home.io()) {
  tcp::endpoint endpoint(asio::ip::make_address(host), port);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(tcp::acceptor::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  port_ = acceptor_.local_endpoint().port();
}

void Listener::start() { accept_next(); }

void Listener::close() {
  boost::system::error_code ec;
  acceptor_.close(ec);
  retry_timer_.cancel();
}

void Listener::accept_next() {
  EventLoop& target = *loops_[next_loop_++ % loops_.size()];
  acceptor_.async_accept(
      target.io(), [this, &target](boost::system::error_code ec, Connection::TcpSocket socket) {
        if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
        if (ec) {
          // Out of descriptors, most often: wait a little rather than spin on the error.
          log::warn("accept failed: " + ec.message());
          retry_timer_.expires_after(std::chrono::milliseconds(100));
          retry_timer_.async_wait([this](boost::system::error_code timer_ec) {
            if (!timer_ec) accept_next();
          });
          return;
        }
        asio::post(target.io(), [this, &target, socket = std::move(socket)]() mutable {
          accepted_(target, std::move(socket));
        });
        accept_next();
      });
}

}  // namespace wick::detail
