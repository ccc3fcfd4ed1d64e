#include "presence/presence_tracker.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/serialize.hpp>
#include <functional>
#include <map>

#include "net/event_loop.hpp"
#include "presence/state_push.hpp"
#include "pubsub/broadcast_message.hpp"
#include "pubsub/pubsub.hpp"

namespace wick::detail {

PresenceTracker::PresenceTracker(const std::vector<std::shared_ptr<EventLoop>>& loops,
                                 PubSub& pubsub, StateDelivery& delivery, std::string replica,
                                 std::chrono::milliseconds window)
    : loops_(loops),
      pubsub_(pubsub),
      delivery_(delivery),
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
  return current_list(topic);
}

boost::json::object PresenceTracker::strip_refs(boost::json::object meta) {
  meta.erase("phx_ref");
  meta.erase("phx_ref_prev");
  return meta;
}

CausalSet PresenceTracker::take_delta() {
  std::lock_guard lock(mutex_);
  return state_.take_delta();
}

CausalSet PresenceTracker::own_state() const {
  std::lock_guard lock(mutex_);
  return state_.own_state();
}

void PresenceTracker::merge(const CausalSet& remote) {
  std::lock_guard lock(mutex_);
  changed_by_topic(state_.merge(remote));
}

void PresenceTracker::drop_replica(const std::string& replica) {
  std::lock_guard lock(mutex_);
  changed_by_topic(state_.drop_replica(replica));
}

void PresenceTracker::changed_by_topic(const TrackerState::Changes& changes) {
  std::map<std::string, TrackerState::Changes> by_topic;
  for (const auto& join : changes.joins) by_topic[join.entry.topic].joins.push_back(join);
  for (const auto& leave : changes.leaves) by_topic[leave.entry.topic].leaves.push_back(leave);
  for (const auto& [topic, topic_changes] : by_topic) changed(topic, topic_changes);
}

void PresenceTracker::changed(const std::string& topic, const TrackerState::Changes& changes) {
  streams_[topic].diff.add(changes);
  schedule(topic);
}

// Every flush runs on the first loop, window or not: each loop then gets a topic's outputs in
// the order they were flushed (Asio keeps posts from one thread to one loop in order, but not
// posts made from different threads).
void PresenceTracker::schedule(const std::string& topic) {
  Stream& stream = streams_[topic];
  if (stream.scheduled) return;
  stream.scheduled = true;
  auto flush_now = [this, topic] {
    std::lock_guard lock(mutex_);
    flush(topic);
  };
  boost::asio::io_context& io = loops_.front()->io();
  if (window_.count() == 0) return boost::asio::post(io, std::move(flush_now));
  auto timer = std::make_shared<boost::asio::steady_timer>(io, window_);
  timer->async_wait([timer, flush_now](boost::system::error_code ec) {
    if (!ec) flush_now();
  });
}

// Runs under the lock, on the first loop. Each client that asked gets the topic as it stands
// now, this window's changes included, and is spared the window's diff, which every other
// subscriber gets: no client is told a change twice. States and diff reach each loop in one
// post, so a topic's outputs keep their order on every loop. Diffs are local: each node
// derives its own.
void PresenceTracker::flush(const std::string& topic) {
  auto it = streams_.find(topic);
  if (it == streams_.end()) return;
  Stream stream = std::move(it->second);
  streams_.erase(it);
  std::shared_ptr<StatePush> state;
  std::shared_ptr<const BroadcastMessage> leaves;
  if (!stream.state_requests.empty()) {
    state = std::make_shared<StatePush>(topic, boost::json::serialize(current_list(topic)));
    if (stream.diff.has_leaves()) {
      leaves = std::make_shared<const BroadcastMessage>(topic, "presence_diff",
                                                        Payload(stream.diff.leaves_payload()), 0);
    }
  }
  std::shared_ptr<const BroadcastMessage> diff;
  if (!stream.diff.empty()) {
    diff = std::make_shared<const BroadcastMessage>(topic, "presence_diff",
                                                    Payload(stream.diff.take_payload()), 0);
  }
  std::vector<std::vector<Owner>> askers(loops_.size());
  for (Owner& owner : stream.state_requests) {
    askers[owner.connection >> 56].push_back(std::move(owner));
  }
  for (const auto& loop : loops_) {
    std::vector<Owner>& here = askers[loop->index()];
    if (!diff && here.empty()) continue;
    boost::asio::post(loop->io(),
                      [this, loop = loop.get(), here = std::move(here), state, leaves, diff] {
                        send_on_loop(*loop, here, {state, leaves}, diff);
                      });
  }
}

// On `loop`: to each client still joined as it asked, the window's leaves and then the state;
// then the diff to everyone else. A client may have been sent diffs of earlier windows between
// its join and its request; phoenix.js holds those until the state and applies them on top of
// it, so one of them may bring back a meta this window removed. The leaves, sent just before
// the state, are held too and applied after them: the list is exact at the state's onSync.
void PresenceTracker::send_on_loop(EventLoop& loop, const std::vector<Owner>& askers,
                                   const StateFrames& frames,
                                   const std::shared_ptr<const BroadcastMessage>& diff) {
  std::vector<std::uint64_t> told;
  for (const Owner& owner : askers) {
    if (delivery_.send_state(loop, owner, frames.leaves.get(), *frames.state)) {
      told.push_back(owner.connection);
    }
  }
  if (!diff) return;
  std::sort(told.begin(), told.end());
  pubsub_.deliver(loop, diff, told);
}

boost::json::object PresenceTracker::current_list(std::string_view topic) const {
  PresenceListBuilder list;
  state_.for_each_in(topic, [&](const PresenceEntry& entry) { list.add(entry.key, entry.meta); });
  return list.take();
}

}  // namespace wick::detail
