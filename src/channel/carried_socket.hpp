#pragma once
// A transport's session and the socket it carries, in one allocation: an idle connection's
// memory is counted in bytes (docs/architecture.md), and the two live and die together. The
// session (transport/) asks for the socket through its hooks; this completes it with one.
#include <utility>

#include "channel/socket_state.hpp"
#include "transport/longpoll_session.hpp"
#include "transport/websocket_session.hpp"

namespace wick::detail {

template <class SessionBase>
class CarriedSocket final : public SessionBase {
 public:
  /// The socket of `mount` that `loop` owns as resident `id`; `session_args` build the session.
  template <class... SessionArgs>
  CarriedSocket(const SocketMount& mount, EventLoop& loop, std::uint64_t id,
                SerializerVersion version, ConnectedSocket connected, SessionArgs&&... session_args)
      : SessionBase(std::forward<SessionArgs>(session_args)...),
        socket_(mount, loop, id, *this, version, std::move(connected)) {}
  // While the socket still exists: its channels terminate before it goes.
  ~CarriedSocket() override { this->end(ExitReason::closed); }

  /// The socket, until it ends.
  SocketState* socket() { return this->ended() ? nullptr : &socket_; }

 private:
  DecodeError deliver(bool binary, std::string_view data) override {
    return socket_.handle_frame(binary, data);
  }
  void end_socket(ExitReason reason) override { socket_.end(reason); }
  const EndpointConfig& config() const override { return socket_.services().config; }
  NodeCounters& counters() const override { return socket_.services().counters; }

  SocketState socket_;
};

using WebSocketSocket = CarriedSocket<WebSocketSession>;
using LongPollSocket = CarriedSocket<LongPollSession>;

}  // namespace wick::detail
