#pragma once
// What a connection's bytes go to: the protocol spoken on it (HTTP, then perhaps a WebSocket),
// in the spirit of Redis's ConnectionType and uSockets' callbacks. The connection owns the
// handler and calls it on its loop's thread only; a handler talks back through the Connection
// it was given (send, close_after_flush, abort).
#include <cstddef>
#include <memory>
#include <span>

#include "clock.hpp"

namespace wick::detail {

class ConnectionHandler;

/// What on_data() did with the bytes it was offered.
struct Consumed {
  std::size_t bytes = 0;  // the connection keeps the rest and offers it again with more
  /// The handler that takes over from this one (the WebSocket after an upgrade): it gets the
  /// bytes not consumed, and this handler is destroyed once on_data() has returned.
  std::unique_ptr<ConnectionHandler> next;
};

class ConnectionHandler {
 public:
  virtual ~ConnectionHandler() = default;
  /// Plaintext read from the client (decrypted on a TLS port), after whatever was left over.
  virtual Consumed on_data(std::span<char> data) = 0;
  /// The connection is over (the client closed it, it failed, or it was aborted): no more
  /// bytes will come or go. Called once, before the handler is destroyed.
  virtual void on_close() = 0;
  /// The loop's periodic sweep; `idle` is how long since the client last sent anything.
  virtual void check_timeouts(SteadyClock::time_point now, SteadyClock::duration idle) = 0;
  /// Server shutdown: close the way the protocol says (a WebSocket with 1012, service
  /// restart, as Phoenix's drain), or drop.
  virtual void close_for_shutdown() = 0;
};

}  // namespace wick::detail
