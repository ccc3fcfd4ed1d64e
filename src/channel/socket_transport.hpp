#pragma once
// The seam between the channel layer and a transport: what a socket needs to reach its client.
// The WebSocket connection implements it (and later the long-poll session).
#include <cstdint>
#include <wick/channel.hpp>

#include "net/shared_frame.hpp"

namespace wick::detail {

class SocketTransport {
 public:
  /// Queues a complete frame for the client; dropped when the transport is closing.
  virtual void send(SharedFrame frame) = 0;
  /// Closes the whole socket from the server side with `code`, ending every channel.
  virtual void close(std::uint16_t code, ExitReason reason) = 0;

 protected:
  ~SocketTransport() = default;
};

}  // namespace wick::detail
