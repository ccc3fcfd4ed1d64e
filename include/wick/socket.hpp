#pragma once
// What a socket handler sees of one client connection: the connect params' result (assigns) and
// its optional id. Each channel gets a copy of the socket's assigns when it joins.
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wick {

namespace json = boost::json;

/// Information about the request that opened the socket, for SocketHandler::connect.
struct ConnectInfo {
  /// The client's IP address as text ("203.0.113.7", "::1"), as the TCP connection sees it:
  /// behind a proxy, the proxy's.
  std::string peer_address;
  unsigned short peer_port = 0;  ///< the client's TCP port
  /// Request headers with lower-case names, in arrival order.
  std::vector<std::pair<std::string, std::string>> headers;
  /// The token phoenix.js sends with its `authToken` option (Sec-WebSocket-Protocol).
  std::optional<std::string> auth_token;
  /// The request's path, without the query: the mount's path and the transport
  /// ("/socket/websocket", "/socket/longpoll").
  std::string path;

  /// The first header with this (lower-case) name, if any.
  std::optional<std::string_view> header(std::string_view name) const;
};

/// The application's view of one client socket: the assigns its connect() set (Phoenix's
/// socket.assigns). They do not change after connect; each channel starts from them.
class Socket {
 public:
  /// The assigns, to read or change in connect().
  json::object& assigns() { return assigns_; }
  /// The assigns, as connect() left them.
  const json::object& assigns() const { return assigns_; }
  /// Sets one assign (in connect()).
  void assign(std::string_view key, json::value value) { assigns_[key] = std::move(value); }

 private:
  json::object assigns_;
};

}  // namespace wick
