#pragma once
// Topic streams in Redis, shared by every node (docs/recovery.md). A topic's stream is two
// keys: "wick:s:" + topic, a Redis stream whose entry ids are 0-<offset> and whose fields are
// the time it was kept ("t", Redis's clock, in ms) and the stream broadcast envelope ("d"); and
// "wick:m:" + topic, a hash of its epoch ("e") and last offset ("o"). One Lua script numbers a
// broadcast, keeps it and publishes it on the topic's channel with its position, atomically,
// so every node sees the same offsets, in the same order; another reads what a join missed.
// A missing hash (never used, expired, flushed) starts a new epoch.
//
// Pure: commands to send and replies to read; RedisCluster sends them.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include <wick/history.hpp>

#include "protocol/stream_position.hpp"
#include "pubsub/stream_recovery.hpp"

struct redisReply;

namespace wick::detail {

class BroadcastMessage;

class RedisStreams {
 public:
  RedisStreams();

  /// Appends `envelope` (a stream broadcast) to `topic`'s stream and publishes it, with its
  /// position, on `channel`. `new_epoch`: the epoch should the stream start anew. By SHA unless
  /// `whole` (after Redis said NOSCRIPT).
  std::vector<std::string> append(const History& history, std::string_view topic,
                                  std::string_view channel, std::string envelope,
                                  std::string_view new_epoch, bool whole = false) const;
  /// Reads where `topic`'s stream stands and what a join from `since` missed.
  std::vector<std::string> read(const History& history, std::string_view topic,
                                const std::optional<StreamPosition>& since,
                                std::string_view new_epoch, bool whole = false) const;

  /// A reply of Redis that says it does not know the script by its SHA.
  static bool unknown_script(const redisReply* reply);
  /// The read's reply as a recovery; each kept envelope decoded by `decode` (nothing when it is
  /// not one). Unanswered for a reply that is not the script's.
  using Decode = std::function<std::shared_ptr<const BroadcastMessage>(
      std::string_view envelope, std::uint64_t offset, const std::shared_ptr<const std::string>&)>;
  static StreamRecovery recovery(const redisReply* reply, const History& history,
                                 const std::optional<StreamPosition>& since, const Decode& decode);

 private:
  const std::string append_sha_;
  const std::string read_sha_;
};

}  // namespace wick::detail
