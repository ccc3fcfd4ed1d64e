#include "cluster/redis_cluster.hpp"

#include <hiredis/hiredis.h>

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <random>
#include <stdexcept>

#include "log.hpp"
#include "net/event_loop.hpp"
#include "protocol/stream_position.hpp"
#include "pubsub/broadcast_message.hpp"
#include "pubsub/pubsub.hpp"

namespace wick::detail {
namespace {

using std::chrono::milliseconds;

constexpr std::string_view topic_prefix = "wick:t:";
constexpr std::string_view node_prefix = "wick:n:";
constexpr std::string_view presence_channel = "wick:p";  // every node's presence traffic
constexpr milliseconds tick_period{1000};
constexpr milliseconds delta_period{50};
// A subscribe link whose probes have not come back for this long is rebuilt.
constexpr milliseconds probe_timeout{4000};
// The name claim lives this long unless its node renews it (every tick); a node restarted at
// once waits at most this long for its old claim to lapse.
constexpr milliseconds name_lifetime{5000};
constexpr unsigned claim_attempts_max = 7;  // one a tick: longer than name_lifetime
constexpr milliseconds backoff_min{100};
constexpr milliseconds backoff_max{5000};
// What may wait for Redis; beyond it, publishes are dropped and counted.
constexpr std::size_t outgoing_bytes_max = 64u << 20;
constexpr std::size_t publishes_in_flight_max = 100'000;

// Sets the name to this instance unless another one holds it; renews it for its holder.
constexpr const char* claim_script =
    "local holder = redis.call('GET', KEYS[1]) "
    "if holder == false or holder == ARGV[1] then "
    "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end "
    "return 0";

std::uint64_t random_instance() {
  std::random_device random;
  return (static_cast<std::uint64_t>(random()) << 32) | random();
}

void set_gauge(Counter& gauge, std::uint64_t value) {
  gauge.store(value, std::memory_order_relaxed);
}

std::string reply_text(const redisReply* reply) {
  return reply && reply->str ? std::string(reply->str, reply->len) : std::string();
}

}  // namespace

RedisCluster::RedisCluster(EventLoop& loop, PubSub& pubsub, PresenceTracker& tracker,
                           NodeCounters& counters, Settings settings,
                           LongPollRelay::Serve serve_longpoll)
    : loop_(loop),
      pubsub_(pubsub),
      counters_(counters),
      settings_(std::move(settings)),
      instance_(random_instance()),
      node_channel_(std::string(node_prefix) + settings_.node),
      claim_command_{"EVAL",
                     claim_script,
                     "1",
                     "wick:node:" + settings_.node,
                     std::to_string(instance_),
                     std::to_string(name_lifetime.count())},
      resolver_(loop.io()),
      retry_timer_(loop.io()),
      tick_timer_(loop.io()),
      delta_timer_(loop.io()),
      presence_(tracker, settings_.node, instance_, settings_.node_down,
                [this](const std::string& node, std::string envelope) {
                  publish_presence(node, std::move(envelope));
                }),
      longpoll_(std::make_shared<LongPollRelay>(
          loop, settings_.node, instance_, settings_.longpoll_patience,
          [this](const std::string& node, std::string envelope, LongPollRelay::Reached reached) {
            publish_to_node(node, std::move(envelope), std::move(reached));
          },
          std::move(serve_longpoll), counters)),
      random_(random_instance()) {}

RedisCluster::~RedisCluster() {
  publisher_.reset();
  subscriber_.reset();
  set_gauge(counters_.cluster_link_up, 0);
}

void RedisCluster::start() {
  boost::asio::post(loop_.io(), [this] {
    connect();
    arm_tick();
    arm_delta();
  });
}

bool RedisCluster::leave() {
  presence_.leave();
  return link_ == Link::up;
}

void RedisCluster::arm_delta() {
  delta_timer_.expires_after(delta_period);
  delta_timer_.async_wait([this](boost::system::error_code error) {
    if (error) return;
    presence_.ship_delta(link_ == Link::up);
    arm_delta();
  });
}

void RedisCluster::publish_presence(const std::string& node, std::string envelope) {
  if (link_ != Link::up) return;
  publisher_->publish(
      node.empty() ? std::string(presence_channel) : std::string(node_prefix) + node, envelope);
}

// What one node says to another on its own channel; `reached` (when given) learns whether that
// node listens there.
void RedisCluster::publish_to_node(const std::string& node, std::string envelope,
                                   LongPollRelay::Reached reached) {
  if (link_ != Link::up) {
    if (reached) reached(false);
    return;
  }
  std::string channel = std::string(node_prefix) + node;
  if (!reached) return publisher_->publish(channel, envelope);
  publisher_->command({"PUBLISH", channel, std::move(envelope)},
                      [reached = std::move(reached)](const redisReply* reply) {
                        reached(reply && reply->type == REDIS_REPLY_INTEGER && reply->integer > 0);
                      });
}

// A host name is resolved first, off the loop (Asio's resolver runs the lookup on a thread of
// its own): hiredis would resolve it with a blocking call. A lookup that hangs is cut short by
// the probe timeout, as a connect that hangs is.
void RedisCluster::connect() {
  link_ = Link::connecting;
  std::uint64_t generation = ++generation_;
  last_heard_ = SteadyClock::now();
  boost::system::error_code not_an_address;
  boost::asio::ip::make_address(settings_.address.host, not_an_address);
  if (!not_an_address) return open_connections(settings_.address, generation);
  resolver_.async_resolve(
      settings_.address.host, std::to_string(settings_.address.port),
      [this, generation](boost::system::error_code error,
                         boost::asio::ip::tcp::resolver::results_type found) {
        if (error == boost::asio::error::operation_aborted || generation != generation_) return;
        if (error || found.empty()) {
          return link_down("cannot resolve " + settings_.address.host + ": " + error.message());
        }
        RedisAddress resolved = settings_.address;
        resolved.host = found.begin()->endpoint().address().to_string();
        open_connections(resolved, generation);
      });
}

// Both connections at once; the link is up when both are and the name is claimed. A failure of
// either, reported inside hiredis, is handled in a later callback of the loop.
void RedisCluster::open_connections(const RedisAddress& address, std::uint64_t generation) {
  RedisConnection::Events events;
  events.up = [this] { connection_up(); };
  events.down = [this, generation](const std::string& reason) {
    boost::asio::post(loop_.io(), [this, generation, reason] {
      if (generation == generation_) link_down(reason);
    });
  };
  publisher_ = std::make_unique<RedisConnection>(loop_.io(), address, events);
  events.message = [this](std::string_view channel, std::string_view bytes) {
    message(channel, bytes);
  };
  events.subscription = [this](std::string_view channel, bool subscribed) {
    subscription_changed(channel, subscribed);
  };
  subscriber_ = std::make_unique<RedisConnection>(loop_.io(), address, std::move(events));
}

void RedisCluster::arm_tick() {
  tick_timer_.expires_after(tick_period);
  tick_timer_.async_wait([this](boost::system::error_code error) {
    if (!error) tick();
  });
}

void RedisCluster::connection_up() {
  if (link_ != Link::connecting || !publisher_ || !subscriber_) return;
  last_heard_ = SteadyClock::now();
  if (!publisher_->is_up() || !subscriber_->is_up()) return;
  link_ = Link::claiming;
  claim_attempts_ = 0;
  claim_name();
}

// A name held by another instance may be a node that was killed, whose claim lapses soon, or a
// node that runs: the claim is retried until it must have lapsed.
void RedisCluster::claim_name() {
  std::uint64_t generation = generation_;
  publisher_->command(claim_command_, [this, generation](const redisReply* reply) {
    if (!reply || generation != generation_ || link_ != Link::claiming) return;
    last_heard_ = SteadyClock::now();
    if (reply->type == REDIS_REPLY_ERROR) {
      return fail_later(generation, "Redis refused the node name claim: " + reply_text(reply));
    }
    if (reply->type == REDIS_REPLY_INTEGER && reply->integer == 1) return link_up();
    if (++claim_attempts_ >= claim_attempts_max) {
      return refuse_later(generation, "cluster: another running node is named \"" + settings_.node +
                                          "\"; this node stays out of the cluster (give "
                                          "each node its own name)");
    }
    if (claim_attempts_ == 1) {
      log::warn("cluster: the node name \"" + settings_.node +
                "\" is held by another instance; waiting for its claim to lapse");
    }
    retry_timer_.expires_after(tick_period);
    retry_timer_.async_wait([this, generation](boost::system::error_code error) {
      if (!error && generation == generation_ && link_ == Link::claiming) claim_name();
    });
  });
}

void RedisCluster::link_up() {
  link_ = Link::up;
  up_.store(true, std::memory_order_release);
  set_gauge(counters_.cluster_link_up, 1);
  if (ever_up_) count_up(counters_.cluster_reconnects);
  ever_up_ = true;
  failures_ = 0;
  outage_logged_ = false;
  log::info("cluster: link to Redis at " + settings_.address.where() + " up; node \"" +
            settings_.node + "\"");
  last_heard_ = SteadyClock::now();
  subscriber_->subscribe(node_channel_);
  subscriber_->subscribe(presence_channel);
  std::vector<std::string> topics;
  for (const auto& entry : subscriptions_) topics.push_back(entry.first);
  for (const std::string& topic : topics) sync(topic);
  presence_.tick(SteadyClock::now(), true);  // a heartbeat now: the others learn of this one
}

void RedisCluster::fail_later(std::uint64_t generation, const std::string& reason) {
  boost::asio::post(loop_.io(), [this, generation, reason] {
    if (generation == generation_) link_down(reason);
  });
}

void RedisCluster::refuse_later(std::uint64_t generation, const std::string& why) {
  boost::asio::post(loop_.io(), [this, generation, why] {
    if (generation != generation_) return;
    log::error(why);
    link_ = Link::refused;
    link_down("");
  });
}

// The connections go (outside hiredis's callbacks: this runs in a callback of its own); joins
// waiting for a topic's traffic go on, served locally; a reconnect is scheduled.
void RedisCluster::link_down(const std::string& reason) {
  bool was_up = link_ == Link::up;
  ++generation_;
  publisher_.reset();
  subscriber_.reset();
  up_.store(false, std::memory_order_release);
  set_gauge(counters_.cluster_link_up, 0);
  retry_timer_.cancel();
  longpoll_->link_down();
  for (auto it = subscriptions_.begin(); it != subscriptions_.end();) {
    it->second.subscribed = it->second.in_flight = false;
    if (!it->second.wanted) {
      it = subscriptions_.erase(it);
      continue;
    }
    pubsub_.remote_ready(it->first);
    ++it;
  }
  if (link_ == Link::refused) return;
  link_ = Link::waiting;
  if (was_up) {
    log::error("cluster: link to Redis at " + settings_.address.where() + " lost (" + reason +
               "); serving local clients only, reconnecting");
  } else if (!outage_logged_ || reason != last_failure_) {
    log::error("cluster: no link to Redis at " + settings_.address.where() + " (" + reason +
               "); serving local clients only, retrying");
  }
  outage_logged_ = true;
  last_failure_ = reason;
  // Jittered exponential backoff: nodes that lost Redis together do not come back in step.
  auto ceiling = std::min(backoff_max, backoff_min * (1u << std::min(failures_, 6u)));
  ++failures_;
  std::uniform_int_distribution<long> pick(ceiling.count() / 2, ceiling.count());
  std::random_device random;
  retry_timer_.expires_after(milliseconds(pick(random)));
  std::uint64_t generation = generation_;
  retry_timer_.async_wait([this, generation](boost::system::error_code error) {
    if (!error && generation == generation_) connect();
  });
}

// Every second: presence's heartbeat and node-down checks; a link that has not heard from Redis
// for the probe timeout (connecting, claiming its name, or up: its probes through this node's
// own channel stopped coming back) is rebuilt. While up, a probe goes out and the name claim is
// renewed.
void RedisCluster::tick() {
  arm_tick();
  SteadyClock::time_point now = SteadyClock::now();
  presence_.tick(now, link_ == Link::up);
  longpoll_->tick(now);
  if (link_ != Link::connecting && link_ != Link::claiming && link_ != Link::up) return;
  if (now - last_heard_ > probe_timeout) {
    return link_down("no answer from Redis for " + std::to_string(probe_timeout.count()) + " ms");
  }
  if (link_ == Link::up) {
    std::uint64_t generation = generation_;
    publisher_->publish(node_channel_, encode_bare({settings_.node, instance_, sequence_++},
                                                   ClusterEnvelope::Kind::probe));
    publisher_->command(claim_command_, [this, generation](const redisReply* reply) {
      if (!reply || generation != generation_ || link_ != Link::up) return;
      if (reply->type == REDIS_REPLY_INTEGER && reply->integer == 0) {
        refuse_later(generation, "cluster: another node took the name \"" + settings_.node +
                                     "\"; this node leaves the cluster");
      }
    });
  }
}

bool RedisCluster::interest(std::string_view topic, bool subscribed) {
  bool waits = subscribed && up_.load(std::memory_order_acquire);
  boost::asio::post(loop_.io(),
                    [this, topic = std::string(topic), subscribed] { want(topic, subscribed); });
  return !waits;
}

void RedisCluster::want(const std::string& topic, bool subscribed) {
  Subscription& subscription = subscriptions_[topic];
  subscription.wanted = subscribed;
  if (link_ == Link::up) return sync(topic);
  if (subscribed) {
    pubsub_.remote_ready(topic);  // nothing to wait for: served locally until the link is back
  } else if (!subscription.in_flight) {
    subscriptions_.erase(topic);
  }
}

// One command at a time per topic, toward what the node wants; a topic that is as wanted says
// so to the joins that wait for it.
void RedisCluster::sync(const std::string& topic) {
  auto it = subscriptions_.find(topic);
  if (it == subscriptions_.end() || it->second.in_flight || link_ != Link::up) return;
  Subscription& subscription = it->second;
  if (subscription.wanted == subscription.subscribed) {
    if (subscription.wanted) return pubsub_.remote_ready(topic);
    subscriptions_.erase(it);
    return;
  }
  subscription.in_flight = true;
  std::string channel = std::string(topic_prefix) + topic;
  if (subscription.wanted) {
    subscriber_->subscribe(channel);
  } else {
    subscriber_->unsubscribe(channel);
  }
}

void RedisCluster::subscription_changed(std::string_view channel, bool subscribed) {
  if (!channel.starts_with(topic_prefix)) return;  // this node's own channel
  std::string topic(channel.substr(topic_prefix.size()));
  auto it = subscriptions_.find(topic);
  if (it == subscriptions_.end()) return;
  it->second.in_flight = false;
  it->second.subscribed = subscribed;
  sync(topic);
}

void RedisCluster::message(std::string_view channel, std::string_view bytes) {
  // This node's own broadcasts, echoed by Redis, are discarded; its stream broadcasts are not:
  // they come back numbered, as everybody's.
  if (channel.starts_with(topic_prefix) && !is_stream_broadcast(bytes) &&
      envelope_instance(bytes) == instance_) {
    return count_up(counters_.cluster_discarded);
  }
  std::optional<ClusterEnvelope> envelope = decode_envelope(bytes);
  if (!envelope) {
    if (counters_.cluster_malformed.fetch_add(1, std::memory_order_relaxed) == 0) {
      log::warn("cluster: dropped a malformed message on Redis channel \"" + std::string(channel) +
                "\" (counted in wick_cluster_messages_total)");
    }
    return;
  }
  if (channel == node_channel_ && envelope->kind == ClusterEnvelope::Kind::probe) {
    if (envelope->instance == instance_) last_heard_ = SteadyClock::now();
    return;
  }
  using Kind = ClusterEnvelope::Kind;
  bool longpoll =
      envelope->kind == Kind::longpoll_request || envelope->kind == Kind::longpoll_answer;
  if (channel == node_channel_ && longpoll) return longpoll_->receive(*envelope);
  if (channel == node_channel_ || channel == presence_channel) {
    if (envelope->kind == Kind::broadcast || longpoll) return count_up(counters_.cluster_malformed);
    return presence_.receive(*envelope, SteadyClock::now());
  }
  deliver(channel, *envelope);
}

void RedisCluster::deliver(std::string_view channel, ClusterEnvelope& envelope) {
  using Kind = ClusterEnvelope::Kind;
  bool numbered = envelope.kind == Kind::stream_broadcast && envelope.offset > 0;
  if ((envelope.kind != Kind::broadcast && !numbered) || !channel.starts_with(topic_prefix) ||
      channel.substr(topic_prefix.size()) != envelope.topic) {
    return count_up(counters_.cluster_malformed);
  }
  auto it = subscriptions_.find(envelope.topic);
  if (it == subscriptions_.end() || !it->second.wanted) {
    return count_up(counters_.cluster_discarded);  // the last subscriber left meanwhile
  }
  count_up(counters_.cluster_received);
  if (!numbered) {
    return pubsub_.local_broadcast(envelope.topic, envelope.event, std::move(envelope.payload));
  }
  pubsub_.deliver_from_stream(envelope.topic, envelope.event, std::move(envelope.payload),
                              own_from(envelope), envelope.offset, shared_epoch(envelope.epoch));
}

std::shared_ptr<const std::string> RedisCluster::shared_epoch(const std::string& epoch) {
  if (!last_epoch_ || *last_epoch_ != epoch)
    last_epoch_ = std::make_shared<const std::string>(epoch);
  return last_epoch_;
}

// On the loop: a new stream's epoch, should the script start one.
std::string RedisCluster::new_epoch() { return epoch_text(random_()); }

// From any thread: encoded here, sent in order with the round's publishes.
void RedisCluster::append(const History& history, std::string_view topic, std::string_view event,
                          const Payload& payload, std::uint64_t from) {
  StreamBroadcast broadcast{&history, std::string(topic), std::string(event), payload, from};
  if (!up_.load(std::memory_order_acquire)) {
    count_up(counters_.cluster_dropped);
    return deliver_unnumbered(broadcast);
  }
  Outgoing outgoing{std::string(topic_prefix) + std::string(topic),
                    encode_stream_broadcast({settings_.node, instance_, sequence_++}, topic, event,
                                            payload, from),
                    std::move(broadcast)};
  // The envelope goes to Redis twice: kept in the stream, and published.
  if (!enqueue(outgoing, outgoing.channel.size() + 2 * outgoing.envelope.size())) {
    count_up(counters_.cluster_dropped);
    deliver_unnumbered(*outgoing.stream);
  }
}

void RedisCluster::deliver_unnumbered(const StreamBroadcast& broadcast) {
  pubsub_.deliver_from_stream(broadcast.topic, broadcast.event, broadcast.payload, broadcast.from,
                              0, nullptr);
}

// On the loop. A script Redis does not know (it was restarted, or its scripts flushed) is sent
// whole, once; a broadcast Redis did not take goes to this node's own subscribers.
void RedisCluster::send_append(std::shared_ptr<Outgoing> outgoing, bool whole) {
  const StreamBroadcast& stream = *outgoing->stream;
  std::uint64_t generation = generation_;
  publisher_->command(
      streams_.append(*stream.history, stream.topic, outgoing->channel, outgoing->envelope,
                      new_epoch(), whole),
      [this, outgoing, whole, generation](const redisReply* reply) {
        if (RedisStreams::unknown_script(reply) && !whole && generation == generation_ &&
            link_ == Link::up) {
          return send_append(outgoing, true);
        }
        if (reply && reply->type != REDIS_REPLY_ERROR) return count_up(counters_.cluster_published);
        count_up(counters_.cluster_dropped);
        if (reply && !stream_failure_logged_) {
          stream_failure_logged_ = true;
          log::error("cluster: Redis refused a stream broadcast: " + reply_text(reply) +
                     " (delivered on this node only; counted in wick_cluster_messages_total)");
        }
        deliver_unnumbered(*outgoing->stream);
      });
}

void RedisCluster::recover(EventLoop& loop, const History& history, std::string_view topic,
                           const std::optional<StreamPosition>& since,
                           std::function<void(StreamRecovery)> done) {
  boost::asio::post(loop_.io(), [this, &loop, &history, topic = std::string(topic), since,
                                 done = std::move(done)]() mutable {
    send_read(loop, history, topic, since, std::move(done), false);
  });
}

// On the loop; the answer goes back to the loop that asked.
void RedisCluster::send_read(EventLoop& requester, const History& history, const std::string& topic,
                             const std::optional<StreamPosition>& since,
                             std::function<void(StreamRecovery)> done, bool whole) {
  auto answer = [&requester](std::function<void(StreamRecovery)>& done, StreamRecovery recovery) {
    boost::asio::post(requester.io(), [done = std::move(done), recovery = std::move(recovery)] {
      done(std::move(recovery));
    });
  };
  if (link_ != Link::up) {
    StreamRecovery unanswered;
    unanswered.answered = false;
    return answer(done, std::move(unanswered));
  }
  std::uint64_t generation = generation_;
  publisher_->command(streams_.read(history, topic, since, new_epoch(), whole),
                      [this, &requester, &history, topic, since, done = std::move(done), whole,
                       generation, answer](const redisReply* reply) mutable {
                        if (RedisStreams::unknown_script(reply) && !whole &&
                            generation == generation_ && link_ == Link::up) {
                          return send_read(requester, history, topic, since, std::move(done), true);
                        }
                        answer(done, RedisStreams::recovery(
                                         reply, history, since,
                                         [this](std::string_view bytes, std::uint64_t offset,
                                                const std::shared_ptr<const std::string>& epoch) {
                                           return decode_kept(bytes, offset, epoch);
                                         }));
                      });
}

// An envelope the stream kept, numbered; nothing when it is not a stream broadcast.
std::shared_ptr<const BroadcastMessage> RedisCluster::decode_kept(
    std::string_view bytes, std::uint64_t offset, const std::shared_ptr<const std::string>& epoch) {
  std::optional<ClusterEnvelope> envelope = decode_envelope(bytes);
  if (!envelope || envelope->kind != ClusterEnvelope::Kind::stream_broadcast) return nullptr;
  std::uint64_t from = own_from(*envelope);
  return std::make_shared<const BroadcastMessage>(
      std::move(envelope->topic), std::move(envelope->event), std::move(envelope->payload), from,
      offset, epoch);
}

// Another node's subscriber ids mean nothing here: only this node's own leave one out.
std::uint64_t RedisCluster::own_from(const ClusterEnvelope& envelope) const {
  return envelope.instance == instance_ ? envelope.from : 0;
}

// From any thread: encoded here, published in order on the loop with the rest of the round.
void RedisCluster::forward(std::string_view topic, std::string_view event, const Payload& payload) {
  if (!up_.load(std::memory_order_acquire)) return count_up(counters_.cluster_dropped);
  Outgoing outgoing{
      std::string(topic_prefix) + std::string(topic),
      encode_broadcast({settings_.node, instance_, sequence_++}, topic, event, payload),
      std::nullopt};
  if (!enqueue(outgoing, outgoing.channel.size() + outgoing.envelope.size())) {
    count_up(counters_.cluster_dropped);
  }
}

// From any thread: queued for the loop's next round (the first one queued posts it); left as it
// is, and false, when the queue already holds its limit in bytes.
bool RedisCluster::enqueue(Outgoing& outgoing, std::size_t bytes) {
  bool post = false;
  {
    std::lock_guard lock(outgoing_mutex_);
    if (outgoing_bytes_ + bytes > outgoing_bytes_max) return false;
    outgoing_bytes_ += bytes;
    outgoing_.push_back(std::move(outgoing));
    post = !flush_posted_;
    flush_posted_ = true;
  }
  if (post) boost::asio::post(loop_.io(), [this] { flush_outgoing(); });
  return true;
}

void RedisCluster::flush_outgoing() {
  std::vector<Outgoing> batch;
  {
    std::lock_guard lock(outgoing_mutex_);
    batch.swap(outgoing_);
    outgoing_bytes_ = 0;
    flush_posted_ = false;
  }
  for (Outgoing& outgoing : batch) {
    if (link_ != Link::up || publisher_->publishes_in_flight() >= publishes_in_flight_max) {
      count_up(counters_.cluster_dropped);
      if (outgoing.stream) deliver_unnumbered(*outgoing.stream);
      continue;
    }
    if (outgoing.stream) {
      send_append(std::make_shared<Outgoing>(std::move(outgoing)), false);
      continue;
    }
    publisher_->publish(outgoing.channel, outgoing.envelope);
    count_up(counters_.cluster_published);
  }
}

}  // namespace wick::detail
