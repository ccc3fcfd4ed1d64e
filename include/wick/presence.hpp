#pragma once
// Who is online in a topic, with metadata, as the official JS Presence expects it
// (presence_state / presence_diff). One per endpoint: endpoint.presence(), or presence() in a
// channel.
//
//   void handle_info(const wick::json::value&) override {     // after join
//     presence().track(*this, user_id, {{"online_at", now}});  // a diff goes to the topic
//     presence().push_state(*this);                            // the full list to this client
//   }
//
// A key may have several metas: one per channel that tracks it (tabs, devices). Entries are
// removed by themselves when their channel leaves, crashes or loses its connection. Changes on
// a topic within EndpointConfig::presence_window are sent as one presence_diff.
//
// track/update/untrack/push_state must be called from the channel's own callbacks; list and
// get_by_key from any thread.
#include <functional>
#include <optional>
#include <string_view>
#include <wick/payload.hpp>

namespace wick {

class Channel;
namespace detail {
class EndpointCore;
class PresenceTracker;
}  // namespace detail

/// The endpoint's presence, in a channel's terms (see above).
class Presence {
 public:
  /// Tracks `key` on the channel's topic; false when this channel already tracks that key.
  bool track(Channel& channel, std::string_view key, json::object meta);
  /// Replaces the meta (new phx_ref, phx_ref_prev = the old one); false when not tracked.
  bool update(Channel& channel, std::string_view key, json::object meta);
  /// Replaces the meta with what `change` makes of the current one (given without phx_ref and
  /// phx_ref_prev; the refs are set as above); false, and `change` is not called, when not
  /// tracked.
  bool update(Channel& channel, std::string_view key,
              const std::function<json::object(const json::object&)>& change);
  /// false when not tracked.
  bool untrack(Channel& channel, std::string_view key);
  /// Every key this channel tracks.
  void untrack(Channel& channel);
  /// Pushes presence_state (the topic's list) to the channel's client, ordered with the topic's
  /// presence_diffs so that the client never applies a diff older than its state.
  void push_state(Channel& channel);

  /// {key: {"metas": [...]}} for the topic.
  json::object list(std::string_view topic) const;
  /// {"metas": [...]} of one key, if present.
  std::optional<json::object> get_by_key(std::string_view topic, std::string_view key) const;

 private:
  friend class detail::EndpointCore;  // which makes the one of each endpoint
  explicit Presence(detail::PresenceTracker& tracker) : tracker_(tracker) {}

  detail::PresenceTracker& tracker_;
};

}  // namespace wick
