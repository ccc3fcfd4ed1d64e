#pragma once
// The presence_diff of one topic while it is being coalesced. Changes within the window merge
// into one {"joins": {...}, "leaves": {...}} payload. A meta that joins and leaves within the
// window is dropped from both lists, unless a presence_state snapshot was taken in between (the
// snapshot showed the join, so its leave must be sent).
#include <boost/json/object.hpp>
#include <map>
#include <string>

#include "presence/causal_set.hpp"

namespace wick::detail {

class PendingDiff {
 public:
  void add(const CausalSet::Changes& changes);
  /// A snapshot of the topic was taken: every pending join has been seen by someone.
  void mark_observed();
  bool empty() const { return joins_.empty() && leaves_.empty(); }
  /// Whether this meta (by its phx_ref) joined within the window.
  bool has_join(const boost::json::object& meta) const;
  /// Calls fn(key, meta) for every meta that left within the window.
  template <class Fn>
  void for_each_leave(Fn&& fn) const {
    for (const auto& [ref, leave] : leaves_) fn(leave.key, leave.meta);
  }
  /// The presence_diff payload; the diff is empty afterwards.
  boost::json::object take_payload();

 private:
  struct Meta {
    std::string key;
    boost::json::object meta;
    bool observed = false;
  };
  std::map<std::string, Meta> joins_;   // by phx_ref
  std::map<std::string, Meta> leaves_;  // by phx_ref
};

/// {key: {"metas": [meta, ...]}, ...}: the shape of presence_state and of each half of a diff.
class PresenceListBuilder {
 public:
  void add(const std::string& key, const boost::json::object& meta);
  boost::json::object take() { return std::move(list_); }

 private:
  boost::json::object list_;
};

}  // namespace wick::detail
