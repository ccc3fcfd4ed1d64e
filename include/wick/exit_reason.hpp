#pragma once
// Why a channel ended, as Channel::terminate() is told; the transports give it when a whole
// socket goes.
//
//   void terminate(wick::ExitReason reason) override {
//     if (reason != wick::ExitReason::left) log("lost " + std::string(wick::to_string(reason)));
//   }
#include <string_view>

namespace wick {

enum class ExitReason {
  left,            // the client sent phx_leave
  stopped,         // the channel called stop()
  duplicate_join,  // the client joined the same topic again
  crashed,         // a callback threw
  closed,          // the connection closed (client, timeout, slow consumer, error)
  disconnected,    // a "disconnect" broadcast to the socket's id
  shutdown,        // the server is shutting down
};

/// "left", "stopped", … : the enumerator's name.
std::string_view to_string(ExitReason reason);

}  // namespace wick
