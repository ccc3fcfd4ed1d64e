#include <wick/channel.hpp>
#include <wick/presence.hpp>

#include "channel/socket_state.hpp"
#include "presence/presence_tracker.hpp"

namespace wick {
namespace {

detail::PresenceTracker::Owner owner_of(const Channel& channel, std::uint64_t connection,
                                        const std::optional<std::string>& join_ref) {
  return {connection, channel.topic(), join_ref};
}

}  // namespace

bool Presence::track(Channel& channel, std::string_view key, json::object meta) {
  channel.tracks_presence_ = true;
  return tracker_.track(owner_of(channel, channel.socket_->id(), channel.reply_join_ref_), key,
                        std::move(meta));
}

bool Presence::update(Channel& channel, std::string_view key, json::object meta) {
  return update(channel, key, [&meta](const json::object&) { return std::move(meta); });
}

bool Presence::update(Channel& channel, std::string_view key,
                      const std::function<json::object(const json::object&)>& change) {
  return tracker_.update(owner_of(channel, channel.socket_->id(), channel.reply_join_ref_), key,
                         change);
}

bool Presence::untrack(Channel& channel, std::string_view key) {
  return tracker_.untrack(owner_of(channel, channel.socket_->id(), channel.reply_join_ref_), key);
}

void Presence::untrack(Channel& channel) {
  tracker_.untrack_all(channel.socket_->id(), channel.topic());
}

void Presence::push_state(Channel& channel) {
  tracker_.request_state(owner_of(channel, channel.socket_->id(), channel.reply_join_ref_));
}

json::object Presence::list(std::string_view topic) const { return tracker_.list(topic); }

std::optional<json::object> Presence::get_by_key(std::string_view topic,
                                                 std::string_view key) const {
  return tracker_.get_by_key(topic, key);
}

}  // namespace wick
