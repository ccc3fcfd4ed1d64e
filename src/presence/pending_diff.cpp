#include "presence/pending_diff.hpp"

namespace wick::detail {
namespace {

std::string phx_ref(const boost::json::object& meta) {
  const boost::json::value* ref = meta.if_contains("phx_ref");
  return ref && ref->is_string() ? std::string(ref->get_string()) : std::string();
}

}  // namespace

void PendingDiff::add(const CausalSet::Changes& changes) {
  for (const auto& join : changes.joins) {
    joins_.insert_or_assign(phx_ref(join.entry.meta), Meta{join.entry.key, join.entry.meta});
  }
  for (const auto& leave : changes.leaves) {
    std::string ref = phx_ref(leave.entry.meta);
    auto joined = joins_.find(ref);
    if (joined != joins_.end() && !joined->second.observed) {
      joins_.erase(joined);  // nobody saw it come: nobody needs to see it go
      continue;
    }
    leaves_.insert_or_assign(std::move(ref), Meta{leave.entry.key, leave.entry.meta});
  }
}

void PendingDiff::mark_observed() {
  for (auto& [ref, meta] : joins_) meta.observed = true;
}

boost::json::object PendingDiff::list_of(const std::map<std::string, Meta>& metas) {
  PresenceListBuilder list;
  for (const auto& [ref, meta] : metas) list.add(meta.key, meta.meta);
  return list.take();
}

boost::json::object PendingDiff::leaves_payload() const {
  return {{"joins", boost::json::object()}, {"leaves", list_of(leaves_)}};
}

boost::json::object PendingDiff::take_payload() {
  boost::json::object payload{{"joins", list_of(joins_)}, {"leaves", list_of(leaves_)}};
  joins_.clear();
  leaves_.clear();
  return payload;
}

void PresenceListBuilder::add(const std::string& key, const boost::json::object& meta) {
  boost::json::value& slot = list_[key];
  if (!slot.is_object()) slot = boost::json::object{{"metas", boost::json::array()}};
  slot.get_object()["metas"].get_array().emplace_back(meta);
}

}  // namespace wick::detail
