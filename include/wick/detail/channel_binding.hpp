#pragma once
// Not part of the API: what the framework records about one channel (wick/channel.hpp), its
// socket, topic, join refs and lifecycle flags. Only the channel layer reads or writes it.
#include <boost/json/object.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wick::detail {

class SocketState;
struct StreamFollow;

/// One channel's place in its socket. Set by the socket before join() runs; read by the channel's
/// own calls (push, broadcast, self) and by presence.
struct ChannelBinding {
  SocketState* socket = nullptr;
  std::string topic;
  std::optional<std::string> reply_join_ref;  // join_ref, or the join's ref when that was null
  bool null_join_ref = false;                 // the join's join_ref was null
  // Borrowed from the socket, which outlives its channels and never changes its assigns after
  // connect; copied into own_assigns at the channel's first assign(), so most own no copy.
  const boost::json::object* socket_assigns = nullptr;
  std::unique_ptr<boost::json::object> own_assigns;
  std::vector<std::string> intercepted;
  const std::optional<std::string>* current_ref = nullptr;  // set during join and handle_in
  bool in_join = false;
  bool awaiting_cluster = false;  // join() waits until the node receives the topic's traffic
  bool holds_topic = false;  // a deferred join keeps its node receiving the topic until answered
  bool joined = false;
  bool stop_requested = false;
  bool tracks_presence = false;          // untracked automatically when the channel ends
  std::unique_ptr<StreamFollow> stream;  // on a topic with history

  /// The join_ref as the join message carried it (null, or reply_join_ref).
  std::optional<std::string> join_ref() const {
    return null_join_ref ? std::nullopt : reply_join_ref;
  }
  /// Whether a message's join_ref names this incarnation.
  bool carries_join_ref(std::optional<std::string_view> message_join_ref) const {
    return null_join_ref ? !message_join_ref : message_join_ref == reply_join_ref;
  }
  bool intercepts(std::string_view event) const;
};

}  // namespace wick::detail
