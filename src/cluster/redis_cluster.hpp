#pragma once
// The cluster over Redis (docs/cluster.md): this node's broadcasts are published once, on the
// Redis channel of their topic ("wick:t:" + topic), and the node subscribes to a topic's
// channel only while it has local subscribers to that topic, so it receives almost nothing it
// does not deliver. What arrives is decoded once and goes through the same encode-once fan-out
// as a local broadcast; the node's own messages, which Redis echoes back, are discarded.
//
// Two connections, driven by the endpoint's first loop: one publishes (a round's publishes
// leave pipelined, in order), one subscribes. The node claims its name in Redis, so that two
// running nodes cannot share one, and probes its subscribe link every second through its own
// channel ("wick:n:" + node): a link that stops answering is rebuilt. While Redis is away the
// node serves its own clients, drops (and counts) what it would publish, and reconnects with
// jittered backoff, subscribing again to everything it needs. Long-poll requests for sessions
// of other nodes go to those nodes through their own channels (cluster/longpoll_relay.hpp).
//
// It is also the store of the topic streams all nodes share (cluster/redis_streams.hpp): a
// broadcast on a topic with history goes through a script that numbers, keeps and publishes
// it, and comes back to this node, as to the others, with its position. While Redis is away
// such a broadcast reaches this node's own subscribers, without a position.
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>
#include <wick/cluster.hpp>

#include "clock.hpp"
#include "cluster/cluster_envelope.hpp"
#include "cluster/longpoll_relay.hpp"
#include "cluster/presence_replication.hpp"
#include "cluster/redis_connection.hpp"
#include "cluster/redis_streams.hpp"
#include "cluster/redis_url.hpp"
#include "counters.hpp"
#include "pubsub/shared_streams.hpp"

namespace wick::detail {

class BroadcastMessage;
class EventLoop;
class PresenceTracker;
class PubSub;

class RedisCluster final : public ClusterAdapter, public SharedStreams {
 public:
  struct Settings {
    RedisAddress address;
    std::string node;                             // unique in the cluster
    std::chrono::milliseconds node_down{10'000};  // a node silent this long is dropped
    // How long a long-poll request relayed to another node may wait for its answer.
    std::chrono::milliseconds longpoll_patience{12'000};
  };

  /// Runs on `loop`; hands what the other nodes publish to `pubsub`, replicates `tracker` with
  /// theirs, and has `serve_longpoll` serve the long-poll requests they relay here. Nothing
  /// connects until start().
  RedisCluster(EventLoop& loop, PubSub& pubsub, PresenceTracker& tracker, NodeCounters& counters,
               Settings settings, LongPollRelay::Serve serve_longpoll);
  /// On the loop's thread, or once the loop has stopped.
  ~RedisCluster() override;

  /// From any thread: connects on the loop.
  void start();
  /// On the loop, at shutdown: the other nodes drop this one's presences at once; presence
  /// stops replicating. False when the link is down (nobody to tell).
  bool leave();
  /// On the loop: Redis has answered every publish so far.
  bool published_all() const { return !publisher_ || publisher_->publishes_in_flight() == 0; }
  const std::string& node() const { return settings_.node; }
  /// Where long-poll requests for other nodes' sessions go.
  RemoteSessions& remote_sessions() { return *longpoll_; }

  void forward(std::string_view topic, std::string_view event, const Payload& payload) override;
  bool interest(std::string_view topic, bool subscribed) override;
  void append(const History& history, std::string_view topic, std::string_view event,
              const Payload& payload, std::uint64_t from) override;
  void recover(EventLoop& loop, const History& history, std::string_view topic,
               const std::optional<StreamPosition>& since,
               std::function<void(StreamRecovery)> done) override;

 private:
  enum class Link { connecting, claiming, up, waiting, refused };
  // One topic's Redis subscription, driven toward what the node wants, one command at a time:
  // hiredis mixes up a subscribe and an unsubscribe of one channel that are in flight together.
  struct Subscription {
    bool wanted = false;
    bool subscribed = false;
    bool in_flight = false;
  };
  // A publish, or (with a history) a stream broadcast for the append script; the broadcast
  // itself is kept for this node's subscribers, should Redis not take it.
  struct StreamBroadcast {
    const History* history;
    std::string topic;
    std::string event;
    Payload payload;
    std::uint64_t from;
  };
  struct Outgoing {
    std::string channel;
    std::string envelope;
    std::optional<StreamBroadcast> stream;
  };

  void connect();
  void open_connections(const RedisAddress& address, std::uint64_t generation);
  void connection_up();
  void claim_name();
  void link_up();
  /// From inside hiredis: the link goes down (or out of the cluster for good) in a callback of
  /// its own, unless it was rebuilt meanwhile (another generation).
  void fail_later(std::uint64_t generation, const std::string& reason);
  void refuse_later(std::uint64_t generation, const std::string& why);
  void link_down(const std::string& reason);
  void arm_tick();
  void tick();
  void arm_delta();
  void publish_presence(const std::string& node, std::string envelope);
  void publish_to_node(const std::string& node, std::string envelope,
                       LongPollRelay::Reached reached);
  void want(const std::string& topic, bool subscribed);
  void sync(const std::string& topic);
  void subscription_changed(std::string_view channel, bool subscribed);
  void message(std::string_view channel, std::string_view bytes);
  void deliver(std::string_view channel, ClusterEnvelope& envelope);
  void flush_outgoing();
  void send_append(std::shared_ptr<Outgoing> outgoing, bool whole);
  void send_read(EventLoop& requester, const History& history, const std::string& topic,
                 const std::optional<StreamPosition>& since,
                 std::function<void(StreamRecovery)> done, bool whole);
  /// A stream broadcast Redis did not take reaches this node's subscribers without a position.
  void deliver_unnumbered(const StreamBroadcast& broadcast);
  bool enqueue(Outgoing& outgoing, std::size_t bytes);
  std::uint64_t own_from(const ClusterEnvelope& envelope) const;
  std::shared_ptr<const BroadcastMessage> decode_kept(
      std::string_view bytes, std::uint64_t offset,
      const std::shared_ptr<const std::string>& epoch);
  std::shared_ptr<const std::string> shared_epoch(const std::string& epoch);
  std::string new_epoch();

  EventLoop& loop_;
  PubSub& pubsub_;
  NodeCounters& counters_;
  const Settings settings_;
  const std::uint64_t instance_;
  const std::string node_channel_;
  // Claims the node's name (wick:node:<name>) for this instance, or renews the claim.
  const std::vector<std::string> claim_command_;

  // On the loop's thread.
  std::unique_ptr<RedisConnection> publisher_;
  std::unique_ptr<RedisConnection> subscriber_;
  Link link_ = Link::waiting;
  std::uint64_t generation_ = 0;  // of the connections; events of older ones are stale
  bool ever_up_ = false;
  bool outage_logged_ = false;
  std::string last_failure_;
  unsigned failures_ = 0;  // in a row, for the backoff
  unsigned claim_attempts_ = 0;
  SteadyClock::time_point last_heard_;  // a handshake step, a claim reply, or a probe
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::steady_timer retry_timer_;
  boost::asio::steady_timer tick_timer_;
  boost::asio::steady_timer delta_timer_;
  PresenceReplication presence_;
  std::shared_ptr<LongPollRelay> longpoll_;  // shared: its answers may be late, on any loop
  std::unordered_map<std::string, Subscription> subscriptions_;
  const RedisStreams streams_;
  std::mt19937_64 random_;
  std::shared_ptr<const std::string> last_epoch_;  // shared by the broadcasts that carry it
  bool stream_failure_logged_ = false;

  // From any thread.
  std::atomic<bool> up_{false};
  std::atomic<std::uint64_t> sequence_{0};
  std::mutex outgoing_mutex_;
  std::vector<Outgoing> outgoing_;
  std::size_t outgoing_bytes_ = 0;
  bool flush_posted_ = false;
};

}  // namespace wick::detail
