#include "cluster/presence_codec.hpp"

#include <gtest/gtest.h>

namespace wick::detail {
namespace {

CausalSet sample() {
  CausalSet set;
  set.insert({"a", 1}, {"room:1", 7, "ana", {{"phx_ref", "F1"}, {"status", "away"}}});
  set.insert({"a", 2}, {"room:2", 8, "bob", {{"phx_ref", "F2"}}});
  set.erase({"a", 2});    // seen, gone
  set.observe({"b", 5});  // a cloud beyond b's context
  set.insert({"b", 9}, {"room:1", 1, "cy", {}});
  return set;
}

TEST(PresenceCodec, ASetRoundTripsContextCloudsAndValues) {
  CausalSet set = sample();
  std::string bytes;
  append_causal_set(bytes, set);
  std::string_view rest = bytes;
  auto decoded = read_causal_set(rest);
  ASSERT_TRUE(decoded);
  EXPECT_TRUE(rest.empty());
  EXPECT_EQ(*decoded, set);
  EXPECT_TRUE(decoded->seen({"b", 5}));
  EXPECT_FALSE(decoded->seen({"b", 4}));
}

TEST(PresenceCodec, ReadsOnlyItsOwnBytes) {
  std::string bytes;
  append_causal_set(bytes, sample());
  bytes += "after";
  std::string_view rest = bytes;
  ASSERT_TRUE(read_causal_set(rest));
  EXPECT_EQ(rest, "after");
}

TEST(PresenceCodec, RefusesWhatIsNotASet) {
  std::string bytes;
  append_causal_set(bytes, sample());
  for (std::size_t size = 0; size < bytes.size(); ++size) {
    std::string_view cut(bytes.data(), size);
    EXPECT_FALSE(read_causal_set(cut)) << size;
  }
  // A meta that is not an object.
  CausalSet bad;
  bad.insert({"a", 1}, {"t", 1, "k", {}});
  std::string with_object;
  append_causal_set(with_object, bad);
  std::string with_array = with_object;
  with_array.replace(with_array.size() - 2, 2, "[]");
  std::string_view view = with_array;
  EXPECT_FALSE(read_causal_set(view));
  // A count larger than what follows.
  std::string huge("\xff\xff\xff\x0f", 4);
  std::string_view huge_view = huge;
  EXPECT_FALSE(read_causal_set(huge_view));
}

TEST(PresenceCodec, ExtractKeepsOneReplicasPart) {
  CausalSet part = sample().extract("b");
  EXPECT_EQ(part.values().size(), 1u);
  EXPECT_TRUE(part.seen({"b", 5}));
  EXPECT_FALSE(part.seen({"a", 1}));
  EXPECT_TRUE(part.context().empty() || !part.context().contains("a"));
}

}  // namespace
}  // namespace wick::detail
