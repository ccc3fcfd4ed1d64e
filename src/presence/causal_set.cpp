#include "presence/causal_set.hpp"

#include <algorithm>

namespace wick::detail {

bool CausalSet::seen(const Dot& dot) const {
  auto context = context_.find(dot.replica);
  if (context != context_.end() && dot.clock <= context->second) return true;
  auto cloud = clouds_.find(dot.replica);
  return cloud != clouds_.end() && cloud->second.contains(dot.clock);
}

void CausalSet::observe(const Dot& dot) {
  if (seen(dot)) return;
  clouds_[dot.replica].insert(dot.clock);
  compact(dot.replica);
}

void CausalSet::insert(const Dot& dot, PresenceEntry entry) {
  observe(dot);
  values_.insert_or_assign(dot, std::move(entry));
}

bool CausalSet::erase(const Dot& dot) {
  observe(dot);
  return values_.erase(dot) > 0;
}

// Clouds shrink into the context while they continue it without a gap.
void CausalSet::compact(const std::string& replica) {
  auto cloud = clouds_.find(replica);
  if (cloud == clouds_.end()) return;
  std::uint64_t& contiguous = context_[replica];
  auto& clocks = cloud->second;
  while (!clocks.empty() && *clocks.begin() <= contiguous + 1) {
    contiguous = std::max(contiguous, *clocks.begin());
    clocks.erase(clocks.begin());
  }
  if (clocks.empty()) clouds_.erase(cloud);
  if (contiguous == 0) context_.erase(replica);
}

CausalSet::Changes CausalSet::merge(const CausalSet& other) {
  Changes changes;
  // Leaves first, judged against the other side's causal context before it is absorbed.
  for (auto it = values_.begin(); it != values_.end();) {
    if (!other.values_.contains(it->first) && other.seen(it->first)) {
      changes.leaves.push_back({it->first, std::move(it->second)});
      it = values_.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& [dot, entry] : other.values_) {
    if (!seen(dot) && !values_.contains(dot)) {
      changes.joins.push_back({dot, entry});
      values_.emplace(dot, entry);
    }
  }
  for (const auto& [replica, clock] : other.context_) {
    std::uint64_t& mine = context_[replica];
    mine = std::max(mine, clock);
  }
  for (const auto& [replica, clocks] : other.clouds_)
    clouds_[replica].insert(clocks.begin(), clocks.end());
  std::set<std::string> replicas;
  for (const auto& [replica, clock] : context_) replicas.insert(replica);
  for (const auto& [replica, clocks] : clouds_) replicas.insert(replica);
  for (const auto& replica : replicas) compact(replica);
  return changes;
}

CausalSet CausalSet::extract(const std::string& replica) const {
  CausalSet part;
  if (auto it = context_.find(replica); it != context_.end()) part.context_.insert(*it);
  if (auto it = clouds_.find(replica); it != clouds_.end()) part.clouds_.insert(*it);
  for (auto it = values_.lower_bound(Dot{replica, 0});
       it != values_.end() && it->first.replica == replica; ++it) {
    part.values_.insert(*it);
  }
  return part;
}

void CausalSet::observe_up_to(const std::string& replica, std::uint64_t clock) {
  if (clock == 0) return;
  std::uint64_t& contiguous = context_[replica];
  contiguous = std::max(contiguous, clock);
  compact(replica);
}

std::vector<CausalSet::Change> CausalSet::drop_replica(const std::string& replica) {
  std::vector<Change> dropped;
  auto it = values_.lower_bound(Dot{replica, 0});
  while (it != values_.end() && it->first.replica == replica) {
    dropped.push_back({it->first, std::move(it->second)});
    it = values_.erase(it);
  }
  context_.erase(replica);
  clouds_.erase(replica);
  return dropped;
}

}  // namespace wick::detail
