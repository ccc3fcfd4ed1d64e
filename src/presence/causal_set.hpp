#pragma once
// The CRDT under presence: an add-wins observed-remove set of presence entries, each tagged by
// a dot (replica, clock), with the causal context of every dot its holder has seen (spec §11).
// A full state and a delta are the same structure, and merge() takes either: entries the other
// side has and this one never saw are added; entries this side has, that the other side saw
// and no longer has, are removed. Merge is commutative, associative and idempotent.
#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace wick::detail {

struct Dot {
  std::string replica;
  std::uint64_t clock = 0;
  auto operator<=>(const Dot&) const = default;
};

/// One tracked presence: `owner` (a channel, unique within its replica) tracks `key` in
/// `topic` with `meta` (which carries phx_ref, and phx_ref_prev after an update).
struct PresenceEntry {
  std::string topic;
  std::uint64_t owner = 0;
  std::string key;
  boost::json::object meta;
  bool operator==(const PresenceEntry&) const = default;
};

class CausalSet {
 public:
  struct Change {
    Dot dot;
    PresenceEntry entry;
  };
  struct Changes {
    std::vector<Change> joins;
    std::vector<Change> leaves;
  };

  bool seen(const Dot& dot) const;
  /// Records `dot` as seen, without a value (a removal, or the dot of a value inserted next).
  void observe(const Dot& dot);
  void insert(const Dot& dot, PresenceEntry entry);
  /// Removes the value, keeping its dot as seen. Returns false if there was none.
  bool erase(const Dot& dot);
  /// Merges a state or delta into this one; returns what joined and what left here.
  Changes merge(const CausalSet& other);
  /// Forgets a replica entirely: its values and its part of the context. Returns its values.
  std::vector<Change> drop_replica(const std::string& replica);
  /// The part of this set that `replica` authored: its values and its part of the context.
  /// Merged elsewhere, it can add and remove that replica's entries only.
  CausalSet extract(const std::string& replica) const;
  /// Records every dot of `replica` up to `clock` as seen (a context read off the wire).
  void observe_up_to(const std::string& replica, std::uint64_t clock);

  /// Per replica, the highest clock seen without a gap, and the clocks seen beyond it.
  const std::map<std::string, std::uint64_t>& context() const { return context_; }
  const std::map<std::string, std::set<std::uint64_t>>& clouds() const { return clouds_; }

  const std::map<Dot, PresenceEntry>& values() const { return values_; }
  bool empty() const { return values_.empty() && context_.empty() && clouds_.empty(); }
  bool operator==(const CausalSet&) const = default;

 private:
  void compact(const std::string& replica);

  std::map<std::string, std::uint64_t> context_;           // highest contiguous clock seen
  std::map<std::string, std::set<std::uint64_t>> clouds_;  // seen beyond the context
  std::map<Dot, PresenceEntry> values_;
};

}  // namespace wick::detail
