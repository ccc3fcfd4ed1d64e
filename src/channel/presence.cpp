#include <wick/channel.hpp>
#include <wick/presence.hpp>

#include "channel/channel_access.hpp"
#include "channel/socket_state.hpp"
#include "presence/presence_tracker.hpp"

namespace wick {
namespace {

detail::PresenceTracker::Owner owner_of(const Channel& channel) {
  const detail::ChannelBinding& binding = detail::bound(channel);
  return {binding.socket->id(), binding.topic, binding.reply_join_ref};
}

}  // namespace

bool Presence::track(Channel& channel, std::string_view key, json::object meta) {
  detail::bound(channel).tracks_presence = true;
  return tracker_.track(owner_of(channel), key, std::move(meta));
}

bool Presence::update(Channel& channel, std::string_view key, json::object meta) {
  return update(channel, key, [&meta](const json::object&) { return std::move(meta); });
}

bool Presence::update(Channel& channel, std::string_view key,
                      const std::function<json::object(const json::object&)>& change) {
  return tracker_.update(owner_of(channel), key, change);
}

bool Presence::untrack(Channel& channel, std::string_view key) {
  return tracker_.untrack(owner_of(channel), key);
}

void Presence::untrack(Channel& channel) {
  tracker_.untrack_all(detail::bound(channel).socket->id(), channel.topic());
}

void Presence::push_state(Channel& channel) { tracker_.request_state(owner_of(channel)); }

json::object Presence::list(std::string_view topic) const { return tracker_.list(topic); }

std::optional<json::object> Presence::get_by_key(std::string_view topic,
                                                 std::string_view key) const {
  return tracker_.get_by_key(topic, key);
}

}  // namespace wick
