#pragma once
// Long-poll without sticky sessions (spec §13.9): a session lives on the node that created it,
// and its token names that node. A poll or a POST that reaches another node is relayed to it
// through the cluster and answered from there, so a load balancer may spread requests freely.
// The cluster implements the relay; the transport asks it, and serves what other nodes relay
// here (serve_relayed_longpoll, transport/longpoll_handler.hpp).
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace wick::detail {

/// A long-poll request on its way to the node that holds its session.
struct RelayedLongPoll {
  bool post = false;  // a POST (publish), else a GET (poll)
  std::string token;
  std::string content_type;  // a POST's
  std::string body;          // a POST's
};

/// The answer to a relayed request, called once: the JSON body for the client, or nothing when
/// the session is not there (unknown or ended, its node gone or out of reach, no answer in
/// time), which the asking node answers as it would for a dead local session.
using RelayedAnswer = std::function<void(std::optional<std::string> body)>;

class RemoteSessions {
 public:
  /// Sends `request` to node `node`; `answer` is called once, on any thread. From any thread.
  virtual void relay(std::string_view node, RelayedLongPoll request, RelayedAnswer answer) = 0;

 protected:
  ~RemoteSessions() = default;
};

}  // namespace wick::detail
