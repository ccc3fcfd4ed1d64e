#pragma once
// One replica's presence tracker: the causal set plus the local operations (track, update,
// untrack) that bump this replica's clock and record what changed in a delta for replication,
// and the indexes that make per-topic listing and per-owner untracking cheap. Pure: no threads,
// no I/O. A cluster replicates it by shipping take_delta() (or the whole state()) to the other
// replicas' merge().
#include <optional>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "presence/causal_set.hpp"

namespace wick::detail {

class TrackerState {
 public:
  using Changes = CausalSet::Changes;

  explicit TrackerState(std::string replica) : replica_(std::move(replica)) {}

  const std::string& replica() const { return replica_; }

  /// Adds an entry; nullopt when this owner already tracks `key` in `topic`.
  std::optional<Changes> track(std::uint64_t owner, std::string topic, std::string key,
                               boost::json::object meta);
  /// Replaces the meta (a leave of the old entry and a join of the new one, in one change).
  std::optional<Changes> update(std::uint64_t owner, std::string_view topic, std::string_view key,
                                boost::json::object meta);
  std::optional<Changes> untrack(std::uint64_t owner, std::string_view topic, std::string_view key);
  /// Every entry of this owner in `topic`.
  Changes untrack_all(std::uint64_t owner, std::string_view topic);
  /// The local entry of (owner, topic, key), if tracked.
  const PresenceEntry* find(std::uint64_t owner, std::string_view topic,
                            std::string_view key) const;

  /// Merges another replica's state or delta.
  Changes merge(const CausalSet& remote);
  /// Drops every entry of a replica that is gone for good.
  Changes drop_replica(const std::string& replica);
  /// What changed locally since the last call; the delta is then empty again.
  CausalSet take_delta();

  const CausalSet& state() const { return state_; }
  /// This replica's own part of the state, which is all a replica ever ships whole.
  CausalSet own_state() const { return state_.extract(replica_); }
  /// Calls fn(const PresenceEntry&) for every entry of `topic`.
  template <class Fn>
  void for_each_in(std::string_view topic, Fn&& fn) const {
    auto it = by_topic_.find(std::string(topic));
    if (it == by_topic_.end()) return;
    for (const Dot& dot : it->second) fn(state_.values().at(dot));
  }
  std::size_t size() const { return state_.values().size(); }

 private:
  using OwnerKey = std::tuple<std::uint64_t, std::string, std::string>;  // owner, topic, key

  Dot next_dot() { return Dot{replica_, ++clock_}; }
  Dot add_local(PresenceEntry entry);
  PresenceEntry remove_local(std::map<OwnerKey, Dot>::iterator local);
  void index(const Dot& dot, const PresenceEntry& entry);
  void unindex(const Dot& dot, const PresenceEntry& entry);
  void index_changes(const Changes& changes);

  std::string replica_;
  std::uint64_t clock_ = 0;
  CausalSet state_;
  CausalSet delta_;
  std::unordered_map<std::string, std::set<Dot>> by_topic_;
  std::map<OwnerKey, Dot> local_;  // this replica's entries, by who tracks what
};

}  // namespace wick::detail
