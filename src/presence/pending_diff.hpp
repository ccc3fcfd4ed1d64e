#pragma once
// The presence_diff of one topic while it is being coalesced. Changes within the window merge
// into one {"joins": {...}, "leaves": {...}} payload. A meta that joins and leaves within the
// window is dropped from both lists, unless someone listed the topic in between (an
// application that pushes Presence::list itself showed the join, so its leave must be sent).
#include <boost/json/object.hpp>
#include <map>
#include <string>

#include "presence/causal_set.hpp"

namespace wick::detail {

class PendingDiff {
 public:
  void add(const CausalSet::Changes& changes);
  /// The topic was listed: every pending join has been seen by someone.
  void mark_observed();
  bool empty() const { return joins_.empty() && leaves_.empty(); }
  bool has_leaves() const { return !leaves_.empty(); }
  /// {"joins": {}, "leaves": {...}}: the window's leaves alone (call before take_payload).
  boost::json::object leaves_payload() const;
  /// The presence_diff payload; the diff is empty afterwards.
  boost::json::object take_payload();

 private:
  struct Meta {
    std::string key;
    boost::json::object meta;
    bool observed = false;
  };
  static boost::json::object list_of(const std::map<std::string, Meta>& metas);

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
