#include "presence/pending_diff.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace wick::detail {
namespace {

CausalSet::Change change(std::string key, std::string ref) {
  return {{"a", 1}, {"room", 1, std::move(key), {{"phx_ref", std::move(ref)}}}};
}

TEST(PendingDiff, GroupsMetasByKey) {
  PendingDiff diff;
  diff.add({{change("u1", "r1"), change("u1", "r2"), change("u2", "r3")}, {}});
  EXPECT_EQ(diff.take_payload(), boost::json::parse(R"({
    "joins": {"u1": {"metas": [{"phx_ref": "r1"}, {"phx_ref": "r2"}]},
              "u2": {"metas": [{"phx_ref": "r3"}]}},
    "leaves": {}})"));
  EXPECT_TRUE(diff.empty());
}

TEST(PendingDiff, AJoinThatLeavesWithinTheWindowIsNeverSent) {
  PendingDiff diff;
  diff.add({{change("u1", "r1")}, {}});
  diff.add({{}, {change("u1", "r1")}});
  EXPECT_TRUE(diff.empty());
}

TEST(PendingDiff, AJoinSeenInASnapshotIsFollowedByItsLeave) {
  PendingDiff diff;
  diff.add({{change("u1", "r1")}, {}});
  diff.mark_observed();
  diff.add({{}, {change("u1", "r1")}});
  EXPECT_EQ(diff.take_payload(), boost::json::parse(R"({
    "joins": {"u1": {"metas": [{"phx_ref": "r1"}]}},
    "leaves": {"u1": {"metas": [{"phx_ref": "r1"}]}}})"));
}

TEST(PendingDiff, AnUpdateIsALeaveAndAJoinInOneDiff) {
  PendingDiff diff;
  diff.add({{change("u1", "new")}, {change("u1", "old")}});
  EXPECT_EQ(diff.take_payload(), boost::json::parse(R"({
    "joins": {"u1": {"metas": [{"phx_ref": "new"}]}},
    "leaves": {"u1": {"metas": [{"phx_ref": "old"}]}}})"));
}

}  // namespace
}  // namespace wick::detail
