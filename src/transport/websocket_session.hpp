#pragma once
// A WebSocket on one connection, after the upgrade (RFC 6455): whole messages from the codec
// go to the socket it carries, pings are answered, the close handshake and the heartbeat
// timeout close it. It carries exactly one socket, which the channel layer supplies by
// completing this class (channel/carried_socket.hpp), so that a connection's session and
// socket are one allocation.
#include <cstdint>
#include <span>

#include "net/connection_handler.hpp"
#include "transport/session.hpp"
#include "transport/websocket_codec.hpp"

namespace wick::detail {

class Connection;

class WebSocketSession : public ConnectionHandler, public Session {
 public:
  explicit WebSocketSession(Connection& connection) : connection_(connection) {}

  Consumed on_data(std::span<char> data) override;
  void on_close() override { end(ExitReason::closed); }
  void check_timeouts(SteadyClock::time_point now, SteadyClock::duration idle) override;
  void close_for_shutdown() override;

  void send(SharedFrame frame) override;
  void close(std::uint16_t code, ExitReason reason) override;

  /// Whether the socket it carries has ended.
  bool ended() const { return ended_; }

 protected:
  /// Ends the socket (once); the completing class calls it from its destructor too, while the
  /// socket still exists.
  void end(ExitReason reason);

 private:
  class Frames;  // the codec's callbacks

  void send_close(SharedFrame frame);

  Connection& connection_;
  ws::Fragments fragments_;
  bool ended_ = false;
};

}  // namespace wick::detail
