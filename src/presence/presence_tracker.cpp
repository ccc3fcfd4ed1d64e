#include "presence/presence_tracker.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/json/serialize.hpp>
#include <functional>

#include "channel/socket_state.hpp"
#include "endpoint_core.hpp"
#include "net/event_loop.hpp"
#include "presence/state_push.hpp"
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

// Runs under the lock, so that the outputs of a topic keep their order. Each client that asked
// gets the topic as it was before this window, and then, like every subscriber, the window's
// diff: no client is sent a change twice. Diffs are local: each node derives its own.
void PresenceTracker::flush(const std::string& topic) {
  auto it = streams_.find(topic);
  if (it == streams_.end()) return;
  Stream& stream = it->second;
  if (!stream.state_requests.empty()) {
    auto push = std::make_shared<StatePush>(
        topic, boost::json::serialize(settled_list(topic, stream.diff)));
    for (Owner& owner : stream.state_requests) send_state(std::move(owner), push);
  }
  if (!stream.diff.empty()) {
    core_.pubsub->local_broadcast(topic, "presence_diff", Payload(stream.diff.take_payload()));
  }
  streams_.erase(it);
}

// The state must reach a client before the diff that follows it. The diff is delivered at once
// on the calling loop and posted to the others, so the state is too.
void PresenceTracker::send_state(Owner owner, const std::shared_ptr<StatePush>& push) {
  auto send = [owner, push](SocketState& socket) {
    if (socket.is_joined(owner.topic, owner.join_ref)) {
      socket.transport().send(push->frame(socket.serializer(), owner.join_ref));
    }
  };
  EventLoop& loop = *core_.loops[owner.connection >> 56];
  EventLoop* here = EventLoop::current();
  if (here != &loop) return loop.post_to_socket(owner.connection, std::move(send));
  if (SocketState* socket = loop.find_socket(owner.connection)) send(*socket);
}

// The topic without the window's pending changes: what every subscriber has been told so far.
boost::json::object PresenceTracker::settled_list(std::string_view topic,
                                                  const PendingDiff& pending) const {
  PresenceListBuilder list;
  state_.for_each_in(topic, [&](const PresenceEntry& entry) {
    if (!pending.has_join(entry.meta)) list.add(entry.key, entry.meta);
  });
  pending.for_each_leave(
      [&](const std::string& key, const boost::json::object& meta) { list.add(key, meta); });
  return list.take();
}

}  // namespace wick::detail
