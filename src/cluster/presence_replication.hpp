#pragma once
// Presence across the nodes of a cluster, on the tracker's replication seam. Each node is the
// only author of its own replica: it ships its local changes as deltas on a short period, a
// heartbeat every second carrying how many deltas it has shipped, and its own state to a node
// that asks. A node that sees a gap in another's deltas, or meets a node it does not know,
// asks that node for its state. Nobody relays another node's entries, so a node that dropped a
// silent peer never gets its presences back from a third one.
//
// A peer silent for the node-down time is dropped: its presences leave here. A peer that comes
// back under the same node name but another instance (a restart) replaces its old replica at
// once. A peer that leaves gracefully says so, and is dropped at once.
//
// Diffs are the tracker's: it derives them from what it merges, on each node (none relayed).
// Runs on the cluster's loop; not thread-safe.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>

#include "clock.hpp"
#include "cluster/cluster_envelope.hpp"

namespace wick::detail {

class PresenceTracker;

class PresenceReplication {
 public:
  /// Publishes an envelope: to every node (node empty) or to one node's own channel.
  using Publish = std::function<void(const std::string& node, std::string envelope)>;

  PresenceReplication(PresenceTracker& tracker, std::string node, std::uint64_t instance,
                      std::chrono::milliseconds node_down, Publish publish);

  /// Every delta period: what changed here since the last call goes out (or, with the link
  /// down, is counted as shipped and lost, so that the others see the gap and ask).
  void ship_delta(bool link_up);
  /// Every second while the link is up: the heartbeat. Peers silent for node_down are dropped
  /// (whether or not the link is up).
  void tick(SteadyClock::time_point now, bool link_up);
  /// A presence envelope from another node.
  void receive(const ClusterEnvelope& envelope, SteadyClock::time_point now);
  /// This node leaves the cluster: the others drop its replica at once. Nothing more is
  /// shipped or answered after it.
  void leave();

  /// The nodes this one hears from.
  std::size_t peer_count() const { return peers_.size(); }

 private:
  struct Peer {
    std::uint64_t instance = 0;
    std::string replica;
    std::uint64_t shipped = 0;  // deltas of the peer merged here, or covered by its state
    bool synced = false;        // its state has been merged
    SteadyClock::time_point heard;
    SteadyClock::time_point asked;  // for its state, last
  };

  std::uint64_t next_sequence() { return ++sequence_; }
  EnvelopeSender sender() { return {node_, instance_, next_sequence()}; }
  void ask_state(const std::string& node, Peer& peer, SteadyClock::time_point now);
  void drop(const std::string& node, const char* why);

  PresenceTracker& tracker_;
  const std::string node_;
  const std::uint64_t instance_;
  const std::chrono::milliseconds node_down_;
  Publish publish_;
  std::uint64_t sequence_ = 0;  // of this node's presence envelopes
  std::uint64_t shipped_ = 0;   // deltas this node has shipped (or lost)
  bool left_ = false;
  std::unordered_map<std::string, Peer> peers_;
};

}  // namespace wick::detail
