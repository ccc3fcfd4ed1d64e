#pragma once
// History on a channel route: each broadcast on a matching topic is kept in the topic's stream
// and numbered, so that a client that lost its connection rejoins where it left off and gets
// what it missed, in order, once (docs/recovery.md).
//
//   UserSocket() {
//     channel<RoomChannel>("room:*").history({.size = 100, .ttl = std::chrono::minutes(2)});
//   }
//
// A single node keeps its streams in memory; a cluster over Redis keeps them in Redis, where
// every node sees the same offsets.
#include <chrono>
#include <cstddef>
#include <string_view>

namespace wick {

/// How much of a topic's traffic is kept for recovery.
struct History {
  /// Broadcasts kept per topic, the newest.
  std::size_t size = 100;
  /// How long each broadcast is kept after it was made.
  std::chrono::milliseconds ttl{std::chrono::minutes(2)};
  /// A join that missed more broadcasts than this is not recovered (the client reloads).
  std::size_t recovery_cap = 300;
  /// How long a quiet topic keeps its position (offset and epoch) once its broadcasts have
  /// expired: a client that had seen everything still recovers, with nothing to push. After
  /// that the topic starts a new epoch.
  std::chrono::milliseconds position_ttl{std::chrono::hours(24)};
};

/// The key Wick reserves in the payload of every broadcast on a topic with history, in the
/// params of a join that recovers, and in its reply: {"offset": N, "epoch": "..."}.
inline constexpr std::string_view position_key = "_wick";

}  // namespace wick
