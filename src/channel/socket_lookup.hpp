#pragma once
// Finding a socket by the id of the loop resident that carries it (a WebSocket's connection, or
// a long-poll session), for handles that cross threads and may outlive it: ChannelRef,
// ReplyHandle, JoinHandle, deferred broadcasts.
#include <cstdint>
#include <functional>

namespace wick::detail {

class EventLoop;
class SocketState;

/// The socket carried by resident `id` of `loop`, if it is there and has not ended. On `loop`.
SocketState* find_socket(EventLoop& loop, std::uint64_t id);
/// Runs `fn` on `loop` with that socket, if it is still there then.
void post_to_socket(EventLoop& loop, std::uint64_t id, std::function<void(SocketState&)> fn);

}  // namespace wick::detail
