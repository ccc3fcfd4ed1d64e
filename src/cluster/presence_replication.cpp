#include "cluster/presence_replication.hpp"

#include "log.hpp"
#include "presence/presence_tracker.hpp"

namespace wick::detail {
namespace {

constexpr auto ask_again_after = std::chrono::seconds(1);

}  // namespace

PresenceReplication::PresenceReplication(PresenceTracker& tracker, std::string node,
                                         std::uint64_t instance,
                                         std::chrono::milliseconds node_down, Publish publish)
    : tracker_(tracker),
      node_(std::move(node)),
      instance_(instance),
      node_down_(node_down),
      publish_(std::move(publish)) {}

void PresenceReplication::ship_delta(bool link_up) {
  if (left_) return;
  CausalSet delta = tracker_.take_delta();
  if (delta.empty()) return;
  ++shipped_;
  if (!link_up) return;  // lost: the next heartbeat shows the gap, and the others ask
  publish_({}, encode_presence(sender(), ClusterEnvelope::Kind::presence_delta, tracker_.replica(),
                               shipped_, &delta));
}

void PresenceReplication::tick(SteadyClock::time_point now, bool link_up) {
  for (auto it = peers_.begin(); it != peers_.end();) {
    auto& [node, peer] = *it;
    ++it;
    if (now - peer.heard > node_down_) drop(node, "silent for the node-down time");
  }
  if (link_up && !left_) {
    publish_({}, encode_presence(sender(), ClusterEnvelope::Kind::presence_heartbeat,
                                 tracker_.replica(), shipped_, nullptr));
  }
}

void PresenceReplication::receive(const ClusterEnvelope& envelope, SteadyClock::time_point now) {
  using Kind = ClusterEnvelope::Kind;
  if (envelope.node == node_ || left_) return;  // this node's own, echoed
  if (envelope.kind == Kind::presence_ask) {
    CausalSet state = tracker_.own_state();
    publish_({},
             encode_presence(sender(), Kind::presence_state, tracker_.replica(), shipped_, &state));
    return;
  }
  auto it = peers_.find(envelope.node);
  if (it != peers_.end() && it->second.instance != envelope.instance) {
    drop(envelope.node, "restarted");  // its old replica's presences leave at once
    it = peers_.end();
  }
  if (envelope.kind == Kind::presence_leave) {
    if (it != peers_.end()) drop(envelope.node, "left the cluster");
    return;
  }
  if (it == peers_.end()) {
    Peer peer;
    peer.instance = envelope.instance;
    peer.replica = envelope.replica;
    peer.asked = now - ask_again_after;
    it = peers_.emplace(envelope.node, std::move(peer)).first;
  }
  Peer& peer = it->second;
  peer.heard = now;
  switch (envelope.kind) {
    case Kind::presence_delta:
      tracker_.merge(envelope.presence);
      if (peer.synced && envelope.shipped == peer.shipped + 1) {
        peer.shipped = envelope.shipped;
      } else {
        ask_state(envelope.node, peer, now);
      }
      break;
    case Kind::presence_state:
      tracker_.merge(envelope.presence);
      peer.shipped = envelope.shipped;
      peer.synced = true;
      break;
    case Kind::presence_heartbeat:
      if (!peer.synced || envelope.shipped != peer.shipped) ask_state(envelope.node, peer, now);
      break;
    default:
      break;
  }
}

void PresenceReplication::leave() {
  if (left_) return;
  left_ = true;
  publish_({}, encode_presence(sender(), ClusterEnvelope::Kind::presence_leave, tracker_.replica(),
                               shipped_, nullptr));
}

// At most once a second per peer: its answer goes to every node, and covers the gap for all.
void PresenceReplication::ask_state(const std::string& node, Peer& peer,
                                    SteadyClock::time_point now) {
  if (now - peer.asked < ask_again_after) return;
  peer.asked = now;
  publish_(node, encode_bare(sender(), ClusterEnvelope::Kind::presence_ask));
}

void PresenceReplication::drop(const std::string& node, const char* why) {
  auto it = peers_.find(node);
  if (it == peers_.end()) return;
  log::info("cluster: node \"" + node + "\" " + why + "; its presences leave");
  tracker_.drop_replica(it->second.replica);
  peers_.erase(it);
}

}  // namespace wick::detail
