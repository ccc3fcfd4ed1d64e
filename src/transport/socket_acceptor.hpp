#pragma once
// How a transport opens a socket: through the mount's SocketAcceptor, the one admission path of
// both transports (the node's connection limit, the application's connect() and id(), and the
// socket built on its session). The channel layer implements it; a transport only asks.
#include <boost/json/object.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <wick/socket.hpp>

#include "protocol/serializer.hpp"

namespace wick::detail {

class Connection;
class EventLoop;
class LongPollSession;
class WebSocketSession;

/// What a client asks for when it opens a socket, over either transport.
struct ConnectRequest {
  const boost::json::object& params;  // the query parameters, vsn included
  const ConnectInfo& info;
  /// The protocol its vsn asks for; none for a vsn Wick does not speak (refused with 403, after
  /// the connection limit).
  std::optional<SerializerVersion> version;
};

/// A session carrying the new socket, or the HTTP status that refuses it (403, 503).
template <class S>
struct Admitted {
  std::unique_ptr<S> session;
  int refusal_status = 0;
};

class SocketAcceptor {
 public:
  /// A WebSocket on `connection` (answered 101 by the caller once admitted).
  virtual Admitted<WebSocketSession> accept_websocket(const ConnectRequest& request,
                                                      Connection& connection) = 0;
  /// A long-poll session that `loop` will own as resident `id`, named by `token`.
  virtual Admitted<LongPollSession> accept_longpoll(const ConnectRequest& request, EventLoop& loop,
                                                    std::uint64_t id, const std::string& token) = 0;

 protected:
  ~SocketAcceptor() = default;
};

}  // namespace wick::detail
