#pragma once
// A session carries one client socket over a transport: a WebSocket on one connection, or a
// long-poll session across many HTTP requests. Its public face is what the socket above (the
// channel layer) needs of it; its protected hooks are what it needs of the socket, which the
// channel layer supplies by completing the session (channel/carried_socket.hpp).
#include <cstdint>
#include <string_view>
#include <wick/config.hpp>
#include <wick/exit_reason.hpp>

#include "counters.hpp"
#include "net/shared_frame.hpp"
#include "protocol/message.hpp"

namespace wick::detail {

class Session {
 public:
  /// Queues a message's frame (transport/message_frame.hpp) for the client; dropped once the
  /// session is closing.
  virtual void send(SharedFrame frame) = 0;
  /// Closes the whole socket from the server side (a WebSocket with `code`), ending every
  /// channel with `reason`.
  virtual void close(std::uint16_t code, ExitReason reason) = 0;

 protected:
  ~Session() = default;

  /// One whole message for the socket, or why it could not be decoded.
  virtual DecodeError deliver(bool binary, std::string_view data) = 0;
  /// The socket ends: every channel terminates. Called once.
  virtual void end_socket(ExitReason reason) = 0;
  /// The limits and counters, which the socket holds anyway.
  virtual const EndpointConfig& config() const = 0;
  virtual NodeCounters& counters() const = 0;
};

}  // namespace wick::detail
