#pragma once
// The node's presence tracker: a TrackerState behind a mutex (channels on every loop track into
// it), phx_ref generation, and one ordered outgoing stream per topic. Each change goes into the
// topic's pending diff. After the coalescing window, every client that asked for
// presence_state meanwhile gets the window's leaves and the topic as it stands then (its own
// track included), and every other subscriber gets the window's diff. All flushes run on the
// first loop and reach each loop in order, so a client's state plus the diffs after it is the
// whole list, nothing is sent twice and no diff older than the state follows it.
#include <boost/json/object.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "presence/pending_diff.hpp"
#include "presence/phx_ref.hpp"
#include "presence/tracker_state.hpp"

namespace wick::detail {

class BroadcastMessage;
class EventLoop;
class PubSub;
class StatePush;

class PresenceTracker {
 public:
  /// The identity of a tracking channel: its connection, topic and join_ref.
  struct Owner {
    std::uint64_t connection;
    std::string topic;
    std::optional<std::string> join_ref;
  };

  /// How a presence_state reaches the client that asked for it; the channel layer, which knows
  /// a client's channel and serializer, implements it.
  class StateDelivery {
   public:
    /// On `loop`: `leaves` (when there are any) and then `state`, to the client of `owner` if
    /// its channel is still joined as it was when it asked. False when it is not.
    virtual bool send_state(EventLoop& loop, const Owner& owner, const BroadcastMessage* leaves,
                            StatePush& state) = 0;

   protected:
    ~StateDelivery() = default;
  };

  /// Diffs go to the subscribers of `pubsub` on `loops` (the endpoint's, which outlive it),
  /// states through `delivery`; `replica` names this node's state in the CRDT.
  PresenceTracker(const std::vector<std::shared_ptr<EventLoop>>& loops, PubSub& pubsub,
                  StateDelivery& delivery, std::string replica, std::chrono::milliseconds window);

  bool track(const Owner& owner, std::string_view key, boost::json::object meta);
  bool update(const Owner& owner, std::string_view key,
              const std::function<boost::json::object(const boost::json::object&)>& change);
  bool untrack(const Owner& owner, std::string_view key);
  void untrack_all(std::uint64_t connection, std::string_view topic);
  void request_state(const Owner& owner);

  /// The replication seam, for a transport the tracker does not know (the cluster's): what
  /// this node tracked and untracked since the last call, to ship to the other replicas.
  CausalSet take_delta();
  /// This node's own entries and context (never another replica's), for a replica that joins
  /// or lost track of it.
  CausalSet own_state() const;
  /// Merges another replica's delta or state. What joined and left reaches this node's
  /// subscribers as presence_diff, coalesced per topic like local changes: each node derives
  /// its own diffs, none are relayed.
  void merge(const CausalSet& remote);
  /// Forgets a replica that is gone for good (its node is down): its presences leave.
  void drop_replica(const std::string& replica);
  /// This node's name in the CRDT.
  const std::string& replica() const { return state_.replica(); }

  boost::json::object list(std::string_view topic) const;
  /// Presences tracked on every topic, this node's and other replicas'.
  std::size_t size() const;
  std::optional<boost::json::object> get_by_key(std::string_view topic, std::string_view key) const;

 private:
  struct Stream {
    PendingDiff diff;
    std::vector<Owner> state_requests;
    bool scheduled = false;
  };

  void changed(const std::string& topic, const TrackerState::Changes& changes);
  /// Changes that may span topics (a merge, a dropped replica), topic by topic.
  void changed_by_topic(const TrackerState::Changes& changes);
  void schedule(const std::string& topic);
  void flush(const std::string& topic);
  /// What the clients that asked for the state get: the window's leaves (may be null), then
  /// the state.
  struct StateFrames {
    std::shared_ptr<StatePush> state;
    std::shared_ptr<const BroadcastMessage> leaves;
  };

  void send_on_loop(EventLoop& loop, const std::vector<Owner>& askers, const StateFrames& frames,
                    const std::shared_ptr<const BroadcastMessage>& diff);
  boost::json::object current_list(std::string_view topic) const;
  boost::json::object list_locked(std::string_view topic) const;
  static boost::json::object strip_refs(boost::json::object meta);

  const std::vector<std::shared_ptr<EventLoop>>& loops_;
  PubSub& pubsub_;
  StateDelivery& delivery_;
  const std::chrono::milliseconds window_;
  mutable std::mutex mutex_;
  TrackerState state_;
  PhxRefGenerator refs_;
  // Mutable: listing a topic marks its pending joins as seen (see PendingDiff).
  mutable std::unordered_map<std::string, Stream> streams_;
};

}  // namespace wick::detail
