#include "presence/presence_tracker.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/json/serialize.hpp>
#include <functional>

#include "channel/socket_state.hpp"
#include "endpoint_core.hpp"
#include "net/event_loop.hpp"
#include "pubsub/pubsub.hpp"

namespace wick::detail {

PresenceTracker::PresenceTracker(EndpointCore& core, std::string replica,
                                 std::chrono::milliseconds window)
    : core_(core),
      window_(window),
      state_(replica),
      refs_(static_cast<std::uint16_t>(std::hash<std::string>{}(replica))) {}

bool PresenceTracker::track(const Owner& owner, std::string_view key, boost::json::object meta) {
  std::lock_guard lock(mutex_);
  meta["phx_ref"] = refs_.next();
  auto changes = state_.track(owner.connection, owner.topic, std::string(key), std::move(meta));
  if (!changes) return false;
  changed(owner.topic, *changes);
  return true;
}

bool PresenceTracker::update(
    const Owner& owner, std::string_view key,
    const std::function<boost::json::object(const boost::json::object&)>& change) {
  std::lock_guard lock(mutex_);
  const PresenceEntry* current = state_.find(owner.connection, owner.topic, key);
  if (!current) return false;
  boost::json::object meta = change(strip_refs(current->meta));
  meta["phx_ref_prev"] = current->meta.at("phx_ref");
  meta["phx_ref"] = refs_.next();
  auto changes = state_.update(owner.connection, owner.topic, key, std::move(meta));
  changed(owner.topic, *changes);
  return true;
}

bool PresenceTracker::untrack(const Owner& owner, std::string_view key) {
  std::lock_guard lock(mutex_);
  auto changes = state_.untrack(owner.connection, owner.topic, key);
  if (!changes) return false;
  changed(owner.topic, *changes);
  return true;
}

void PresenceTracker::untrack_all(std::uint64_t connection, std::string_view topic) {
  std::lock_guard lock(mutex_);
  auto changes = state_.untrack_all(connection, topic);
  if (!changes.leaves.empty()) changed(std::string(topic), changes);
}

void PresenceTracker::request_state(const Owner& owner) {
  std::lock_guard lock(mutex_);
  streams_[owner.topic].state_requests.push_back(owner);
  schedule(owner.topic);
}

std::size_t PresenceTracker::size() const {
  std::lock_guard lock(mutex_);
  return state_.size();
}

boost::json::object PresenceTracker::list(std::string_view topic) const {
  std::lock_guard lock(mutex_);
  return list_locked(topic);
}

std::optional<boost::json::object> PresenceTracker::get_by_key(std::string_view topic,
                                                               std::string_view key) const {
  boost::json::object all = list(topic);
  auto* entry = all.if_contains(key);
  if (!entry) return std::nullopt;
  return std::move(entry->get_object());
}

// Whoever lists a topic may show its pending joins: they can no longer vanish unannounced.
boost::json::object PresenceTracker::list_locked(std::string_view topic) const {
  auto stream = streams_.find(std::string(topic));
  if (stream != streams_.end()) stream->second.diff.mark_observed();
  PresenceListBuilder list;
  state_.for_each_in(topic, [&](const PresenceEntry& entry) { list.add(entry.key, entry.meta); });
  return list.take();
}

boost::json::object PresenceTracker::strip_refs(boost::json::object meta) {
  meta.erase("phx_ref");
  meta.erase("phx_ref_prev");
  return meta;
}

void PresenceTracker::changed(const std::string& topic, const TrackerState::Changes& changes) {
  streams_[topic].diff.add(changes);
  schedule(topic);
}

void PresenceTracker::schedule(const std::string& topic) {
  if (window_.count() == 0) return flush(topic);
  Stream& stream = streams_[topic];
  if (stream.scheduled) return;
  stream.scheduled = true;
  auto timer = std::make_shared<boost::asio::steady_timer>(core_.loops.front()->io(), window_);
  timer->async_wait([this, timer, topic](boost::system::error_code ec) {
    if (ec) return;
    std::lock_guard lock(mutex_);
    flush(topic);
  });
}

// Runs under the lock, so that diffs of a topic go out in order and a snapshot sits exactly
// between the diffs before and after it. Diffs are local: each node derives its own.
void PresenceTracker::flush(const std::string& topic) {
  auto it = streams_.find(topic);
  if (it == streams_.end()) return;
  Stream& stream = it->second;
  stream.scheduled = false;
  if (!stream.diff.empty()) {
    core_.pubsub->local_broadcast(topic, "presence_diff", Payload(stream.diff.take_payload()));
  }
  if (!stream.state_requests.empty()) {
    // Serialized once for every client that asked in this window; each gets its own frame.
    auto snapshot = std::make_shared<const std::string>(boost::json::serialize(list_locked(topic)));
    for (Owner& owner : stream.state_requests) {
      EventLoop& loop = *core_.loops[owner.connection >> 56];
      loop.post_to_socket(owner.connection, [owner = std::move(owner), snapshot](SocketState& s) {
        s.push_json_to(owner.topic, owner.join_ref, "presence_state", *snapshot);
      });
    }
    stream.state_requests.clear();
  }
  streams_.erase(it);
}

}  // namespace wick::detail
