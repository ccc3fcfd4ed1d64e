#pragma once
// Long-poll across the nodes of a cluster (spec §13.9, transport/remote_sessions.hpp). A request
// for a session that another node holds goes to that node's own channel, numbered here; that
// node serves it as if its client had sent it there, and sends the answer back to this node's
// channel, where it finds the request by its number.
//
// A request nobody will answer is given up on, and its session taken as gone (as Phoenix does
// when its relay times out): at once when no node listens on the channel it went to (its node
// is gone) or the link to Redis is down or goes down; otherwise once the long-poll window and a
// margin (Phoenix's pubsub timeout, 2 s) have passed without an answer.
//
// Runs on the cluster's loop; relay() may be called from any thread.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "clock.hpp"
#include "cluster/cluster_envelope.hpp"
#include "counters.hpp"
#include "transport/remote_sessions.hpp"

namespace wick::detail {

class EventLoop;

class LongPollRelay final : public RemoteSessions,
                            public std::enable_shared_from_this<LongPollRelay> {
 public:
  /// Called with whether some node listens on the channel an envelope went to; false also when
  /// it could not be sent.
  using Reached = std::function<void(bool reached)>;
  /// Publishes an envelope on node `node`'s own channel; `reached`, when given, learns whether
  /// it got there.
  using Publish = std::function<void(const std::string& node, std::string envelope, Reached)>;
  /// Serves a request that another node relayed here (transport's serve_relayed_longpoll).
  using Serve = std::function<void(RelayedLongPoll request, RelayedAnswer answer)>;

  /// `patience`: how long a relayed request may wait for its answer.
  LongPollRelay(EventLoop& loop, std::string node, std::uint64_t instance,
                std::chrono::milliseconds patience, Publish publish, Serve serve,
                NodeCounters& counters);

  void relay(std::string_view node, RelayedLongPoll request, RelayedAnswer answer) override;
  /// A long-poll request or answer that came to this node's channel.
  void receive(ClusterEnvelope& envelope);
  /// Every second: requests that have waited too long are given up on.
  void tick(SteadyClock::time_point now);
  /// The link to Redis is down: no answer can come to the requests in flight.
  void link_down();

  std::size_t in_flight() const { return pending_.size(); }

 private:
  struct Pending {
    RelayedAnswer answer;
    SteadyClock::time_point deadline;
  };

  EnvelopeSender sender() { return {node_, instance_, ++sequence_}; }
  void send(const std::string& node, RelayedLongPoll request, RelayedAnswer answer);
  /// The answer of a request still waiting for one, no longer waiting; null for any other.
  RelayedAnswer take(std::uint64_t request);
  void give_up(std::uint64_t request);
  void send_answer(const std::string& node, std::uint64_t request, std::optional<std::string> body);

  EventLoop& loop_;
  const std::string node_;
  const std::uint64_t instance_;
  const std::chrono::milliseconds patience_;
  Publish publish_;
  Serve serve_;
  NodeCounters& counters_;
  std::uint64_t sequence_ = 0;      // of this node's long-poll envelopes
  std::uint64_t last_request_ = 0;  // the number of the latest request relayed from here
  std::unordered_map<std::uint64_t, Pending> pending_;
};

}  // namespace wick::detail
