#pragma once
// A presence CausalSet (a delta, or one replica's state) as bytes between nodes, and back. Pure.
//
//   context: count, then (replica, clock) each
//   clouds:  count, then (replica, count, clocks) each
//   values:  count, then (replica, clock, topic, owner, key, meta as JSON text) each
//
// Counts and numbers are varints; strings are a varint length and the bytes.
#include <optional>
#include <string>
#include <string_view>

#include "presence/causal_set.hpp"

namespace wick::detail {

void append_causal_set(std::string& out, const CausalSet& set);
/// Reads a set from the front of `bytes` and advances past it; nothing for bytes that are not
/// one (a meta that is not a JSON object, say).
std::optional<CausalSet> read_causal_set(std::string_view& bytes);

}  // namespace wick::detail
