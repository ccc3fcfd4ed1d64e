#pragma once
// What wick-bench says on the wire, per server family, so that every scenario runs unchanged
// against Phoenix-protocol servers (Wick, Phoenix, rawsrv) and Socket.IO servers. Both ride on
// WebSocket text frames; only the messages inside differ.
#include <memory>
#include <string>
#include <string_view>

namespace bench {

class Protocol {
 public:
  virtual ~Protocol() = default;

  /// The request target of the WebSocket upgrade.
  virtual std::string upgrade_target() const = 0;
  /// What to send once the upgrade is done, before anything else ("" for nothing).
  virtual std::string greeting() const = 0;
  /// Whether `text` is the server's answer to the greeting, after which the connection is open.
  virtual bool is_greeted(std::string_view text) const = 0;
  /// The answer to a control message the server expects answered (a ping), or "".
  virtual std::string answer(std::string_view text) const = 0;
  /// A keep-alive the client sends on its own ("" when the server drives keep-alives).
  virtual std::string heartbeat() const = 0;

  virtual std::string join(std::string_view topic, bool presence) const = 0;
  virtual bool is_join_ok(std::string_view text) const = 0;
  /// A message the server broadcasts to every member of `topic`; `body` is a JSON object.
  virtual std::string publish(std::string_view topic, std::string_view body) const = 0;
  /// A request the server answers with `body` (the echo scenario's round trip).
  virtual std::string request(std::string_view topic, std::string_view body) const = 0;
  virtual bool is_reply(std::string_view text) const = 0;
  /// A broadcast of `publish`, as a member receives it.
  bool is_broadcast(std::string_view text) const {
    return text.find("\"new_msg\"") != std::string_view::npos;
  }
  /// An answer that refused the request (a rate limit, say).
  bool is_error(std::string_view text) const {
    return text.find("\"status\":\"error\"") != std::string_view::npos;
  }
};

/// "phoenix" (Phoenix Channels V2 JSON) or "socketio" (Socket.IO 4 over Engine.IO v4); null for
/// anything else.
std::unique_ptr<Protocol> make_protocol(std::string_view name);

}  // namespace bench
