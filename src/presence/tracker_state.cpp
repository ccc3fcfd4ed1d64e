#include "presence/tracker_state.hpp"

namespace wick::detail {

Dot TrackerState::add_local(PresenceEntry entry) {
  Dot dot = next_dot();
  local_.emplace(OwnerKey{entry.owner, entry.topic, entry.key}, dot);
  index(dot, entry);
  delta_.insert(dot, entry);
  state_.insert(dot, std::move(entry));
  return dot;
}

PresenceEntry TrackerState::remove_local(std::map<OwnerKey, Dot>::iterator local) {
  Dot dot = local->second;
  local_.erase(local);
  PresenceEntry entry = state_.values().at(dot);
  unindex(dot, entry);
  state_.erase(dot);
  delta_.erase(dot);  // the delta now carries "seen, and gone"
  return entry;
}

std::optional<TrackerState::Changes> TrackerState::track(std::uint64_t owner, std::string topic,
                                                         std::string key,
                                                         boost::json::object meta) {
  if (local_.contains(OwnerKey{owner, topic, key})) return std::nullopt;
  PresenceEntry entry{std::move(topic), owner, std::move(key), std::move(meta)};
  Changes changes;
  changes.joins.push_back({{}, entry});
  changes.joins.back().dot = add_local(std::move(entry));
  return changes;
}

std::optional<TrackerState::Changes> TrackerState::update(std::uint64_t owner,
                                                          std::string_view topic,
                                                          std::string_view key,
                                                          boost::json::object meta) {
  auto local = local_.find(OwnerKey{owner, std::string(topic), std::string(key)});
  if (local == local_.end()) return std::nullopt;
  Changes changes;
  Dot old_dot = local->second;
  PresenceEntry old = remove_local(local);
  PresenceEntry entry{old.topic, owner, old.key, std::move(meta)};
  changes.leaves.push_back({old_dot, std::move(old)});
  changes.joins.push_back({{}, entry});
  changes.joins.back().dot = add_local(std::move(entry));
  return changes;
}

std::optional<TrackerState::Changes> TrackerState::untrack(std::uint64_t owner,
                                                           std::string_view topic,
                                                           std::string_view key) {
  auto local = local_.find(OwnerKey{owner, std::string(topic), std::string(key)});
  if (local == local_.end()) return std::nullopt;
  Changes changes;
  Dot dot = local->second;
  changes.leaves.push_back({dot, remove_local(local)});
  return changes;
}

TrackerState::Changes TrackerState::untrack_all(std::uint64_t owner, std::string_view topic) {
  Changes changes;
  auto local = local_.lower_bound(OwnerKey{owner, std::string(topic), std::string()});
  while (local != local_.end() && std::get<0>(local->first) == owner &&
         std::get<1>(local->first) == topic) {
    Dot dot = local->second;
    auto next = std::next(local);
    changes.leaves.push_back({dot, remove_local(local)});
    local = next;
  }
  return changes;
}

const PresenceEntry* TrackerState::find(std::uint64_t owner, std::string_view topic,
                                        std::string_view key) const {
  auto local = local_.find(OwnerKey{owner, std::string(topic), std::string(key)});
  return local == local_.end() ? nullptr : &state_.values().at(local->second);
}

TrackerState::Changes TrackerState::merge(const CausalSet& remote) {
  Changes changes = state_.merge(remote);
  index_changes(changes);
  return changes;
}

TrackerState::Changes TrackerState::drop_replica(const std::string& replica) {
  Changes changes;
  changes.leaves = state_.drop_replica(replica);
  index_changes(changes);
  return changes;
}

CausalSet TrackerState::take_delta() { return std::exchange(delta_, CausalSet()); }

void TrackerState::index(const Dot& dot, const PresenceEntry& entry) {
  by_topic_[entry.topic].insert(dot);
}

void TrackerState::unindex(const Dot& dot, const PresenceEntry& entry) {
  auto it = by_topic_.find(entry.topic);
  if (it == by_topic_.end()) return;
  it->second.erase(dot);
  if (it->second.empty()) by_topic_.erase(it);
}

// Remote changes never touch local_: a replica only ever removes its own entries locally.
void TrackerState::index_changes(const Changes& changes) {
  for (const auto& leave : changes.leaves) {
    unindex(leave.dot, leave.entry);
    if (leave.dot.replica == replica_) {
      local_.erase(OwnerKey{leave.entry.owner, leave.entry.topic, leave.entry.key});
    }
  }
  for (const auto& join : changes.joins) index(join.dot, join.entry);
}

}  // namespace wick::detail
