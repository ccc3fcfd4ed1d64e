#include "channel/socket_state.hpp"

#include <algorithm>

#include "channel/channel_access.hpp"
#include "channel/socket_lookup.hpp"
#include "channel/stream_follow.hpp"
#include "clock.hpp"
#include "log.hpp"
#include "net/event_loop.hpp"
#include "presence/presence_tracker.hpp"
#include "protocol/message_payload.hpp"
#include "pubsub/broadcast_message.hpp"
#include "pubsub/pubsub.hpp"
#include "transport/message_frame.hpp"
#include "transport/websocket_codec.hpp"

namespace wick::detail {
namespace {

const Payload& empty_response() {
  static const Payload empty;
  return empty;
}

Payload reason_payload(std::string_view text) { return json::object{{"reason", text}}; }

// A rate limit's burst: the configured one, or `fallback` when it is 0; never under one token,
// or nothing would ever pass.
double burst_or(double configured, double fallback) {
  return std::max(1.0, configured > 0 ? configured : fallback);
}

// C++ cannot preempt a callback: one that runs long stalls every socket of its loop. Say so.
void note_duration(const SocketServices& services, std::string_view topic, std::string_view event,
                   SteadyClock::duration took) {
  if (took <= services.config.slow_handler_threshold) return;
  count_up(services.counters.slow_handlers);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(took).count();
  log::warn("slow handler: topic \"" + std::string(topic) + "\" event \"" + std::string(event) +
            "\" ran " + std::to_string(ms) +
            " ms on an event loop; move blocking work to a worker");
}

}  // namespace

SocketState::SocketState(const SocketMount& mount, EventLoop& loop, std::uint64_t id,
                         Session& session, SerializerVersion version, ConnectedSocket connected)
    : mount_(mount),
      loop_(loop),
      id_(id),
      session_(session),
      version_(version),
      socket_(std::move(connected.socket)),
      socket_id_(std::move(connected.id)) {
  count_up(services().counters.connections);  // an open socket until it ends
  // Broadcasting "disconnect" to the id closes every socket that has it (Phoenix's socket id).
  if (socket_id_) services().pubsub.subscribe(loop_, *socket_id_, *this, nullptr);
}

SocketState::~SocketState() { end(ExitReason::closed); }

void SocketState::end(ExitReason reason) {
  if (ended_) return;
  ended_ = true;
  close_all(reason);
  if (socket_id_) services().pubsub.unsubscribe(loop_, *socket_id_, *this, nullptr);
  count_down(services().counters.connections);
}

DecodeError SocketState::handle_frame(bool binary, std::string_view data) {
  Decoded decoded = serializer().decode(binary, data);
  if (!decoded.message) {
    count_up(services().counters.protocol_error_disconnects);
    return decoded.error;
  }
  add_single_writer(loop_.counters().messages_in, 1);
  if (within_rate(*decoded.message)) dispatch(*decoded.message);
  return DecodeError::none;
}

bool SocketState::within_rate(const Message& message) {
  const EndpointConfig& config = services().config;
  if (config.messages_per_second <= 0) return true;
  double burst = burst_or(config.message_burst, 2 * config.messages_per_second);
  if (message_bucket_.take(TokenBucket::Clock::now(), config.messages_per_second, burst)) {
    refused_in_a_row_ = 0;
    return true;
  }
  count_up(services().counters.rate_limited_messages);
  if (++refused_in_a_row_ > burst) {
    log::warn("closing a socket that kept over its message rate");
    count_up(services().counters.limit_disconnects);
    session_.close(ws::close_code::policy_violation, ExitReason::closed);
    return false;
  }
  send_status({message.join_ref, message.ref, message.topic}, "error",
              reason_payload("rate limited"));
  return false;
}

// Spec §5: the first matching row wins.
void SocketState::dispatch(Message& message) {
  if (message.topic == "phoenix" && message.event == "heartbeat") {
    return send_status({std::nullopt, message.ref, "phoenix"}, "ok", empty_response());
  }
  Channel* channel = find(message.topic);
  if (message.event == "phx_join") return join(message);
  if (!channel) {
    if (message.event == "phx_leave") {
      return send_status({message.join_ref, message.ref, message.topic}, "ok", empty_response());
    }
    return send_status({std::nullopt, message.ref, message.topic}, "error",
                       reason_payload("unmatched topic"));
  }
  // A message from an earlier incarnation of the channel is dropped without an answer.
  if (message.join_ref && !bound(*channel).carries_join_ref(message.join_ref)) return;
  if (message.event == "phx_leave") return leave(*channel, message);
  if (!bound(*channel).joined) {
    return send_status({message.join_ref, message.ref, message.topic}, "error",
                       reason_payload("join pending"));
  }
  forward(*channel, message);
}

bool SocketState::join_within_rate() {
  const EndpointConfig& config = services().config;
  if (config.joins_per_second <= 0) return true;
  double burst = burst_or(config.join_burst, static_cast<double>(config.max_channels_per_socket));
  return join_bucket_.take(TokenBucket::Clock::now(), config.joins_per_second, burst);
}

void SocketState::join(Message& message) {
  ReplyAddress address{message.join_ref, message.ref, message.topic};
  if (Channel* old = find(message.topic)) {
    // Duplicate join: the old incarnation ends; its phx_close follows the new join's reply,
    // in Phoenix's wire order.
    std::optional<std::string> old_join_ref = bound(*old).join_ref();
    remove(*old, ExitReason::duplicate_join, Farewell::none, true);
    join(message);
    Payload empty;
    session_.send(message_frame(
        serializer().encode({old_join_ref, old_join_ref, message.topic, "phx_close", empty})));
    return;
  }
  if (message.topic.size() > services().config.max_topic_bytes) {
    return send_status(address, "error", reason_payload("topic too long"));
  }
  const TopicRouter::Route* route = mount_.handler().router().match(message.topic);
  if (!route) {
    log::info("ignoring join of unmatched topic \"" + message.topic + "\"");
    return send_status({std::nullopt, message.ref, message.topic}, "error",
                       reason_payload("unmatched topic"));
  }
  const EndpointConfig& config = services().config;
  if (channels_.size() >= config.max_channels_per_socket) {
    return send_status(address, "error", reason_payload("too many channels joined"));
  }
  if (!join_within_rate()) {
    count_up(services().counters.rate_limited_messages);
    return send_status(address, "error", reason_payload("rate limited"));
  }
  std::optional<StreamPosition> resume_from;
  if (route->history && !take_position(message, resume_from)) {
    return send_status(address, "error", reason_payload("invalid _wick position"));
  }
  std::unique_ptr<Channel> made = make_channel(route->factory, message);
  if (!made) return send_status(address, "error", reason_payload("join crashed"));
  Channel& channel = *made;
  if (route->history) {
    bound(channel).stream = std::make_unique<StreamFollow>(*route->history, std::move(resume_from));
  }
  channels_.push_back(std::move(made));
  PubSub& pubsub = services().pubsub;
  if (pubsub.clustered() &&
      !pubsub.await_receiving(loop_, message.topic, [loop = &loop_, id = id_, message]() mutable {
        if (SocketState* socket = find_socket(*loop, id)) socket->join_once_receiving(message);
      })) {
    bound(channel).awaiting_cluster = true;  // pending, as a deferred join is
    return;
  }
  run_join(channel, message);
}

// A new channel from `factory`, bound to this socket; nothing when the factory threw.
std::unique_ptr<Channel> SocketState::make_channel(const TopicRouter::Factory& factory,
                                                   const Message& message) {
  std::unique_ptr<Channel> channel;
  try {
    channel = factory();
  } catch (const std::exception& e) {
    log::error("join crashed: topic \"" + message.topic + "\": " + e.what());
    return nullptr;
  }
  ChannelBinding& binding = bound(*channel);
  binding.socket = this;
  binding.topic = message.topic;
  binding.null_join_ref = !message.join_ref;
  binding.reply_join_ref = message.join_ref ? message.join_ref : message.ref;
  binding.socket_assigns = &socket_.assigns();
  return channel;
}

// In a cluster, a join runs once this node receives its topic's traffic from the other nodes, so
// that a broadcast made anywhere after the client saw its join reply reaches it.
void SocketState::join_once_receiving(Message& message) {
  Channel* channel = find(message.topic);
  if (!channel || !bound(*channel).awaiting_cluster ||
      !bound(*channel).carries_join_ref(message.join_ref)) {
    return;  // left or joined again meanwhile
  }
  bound(*channel).awaiting_cluster = false;
  run_join(*channel, message);
}

// Runs the channel's join() and answers it, or leaves it pending when it deferred the answer.
void SocketState::run_join(Channel& channel, Message& message) {
  ReplyAddress address{message.join_ref, message.ref, message.topic};
  std::optional<JoinResult> result = call_join(channel, message);
  if (!result) {
    remove(channel, ExitReason::crashed, Farewell::none, false);
    return send_status(address, "error", reason_payload("join crashed"));
  }
  if (result->is_deferred()) {  // pending until complete_join
    // In a cluster, the node keeps receiving the topic meanwhile: were it to let go, the
    // join's answer could reach the client before the node receives the topic again.
    PubSub& pubsub = services().pubsub;
    if (pubsub.clustered()) {
      pubsub.hold(channel.topic());
      bound(channel).holds_topic = true;
    }
    return;
  }
  if (!result->accepted()) {
    remove(channel, ExitReason::left, Farewell::none, false);
    return send_status(address, "error", result->response());
  }
  accept_join(channel, address, result->response());
}

// The channel's join(); nothing when it threw.
std::optional<JoinResult> SocketState::call_join(Channel& channel, Message& message) {
  ChannelBinding& binding = bound(channel);
  static const json::value no_params = json::object();
  binding.current_ref = &message.ref;
  binding.in_join = true;
  try {
    auto start = SteadyClock::now();
    JoinResult result = channel.join(
        message.topic, message.payload.is_binary() ? no_params : message.payload.json());
    note_duration(services(), message.topic, "phx_join", SteadyClock::now() - start);
    binding.in_join = false;
    binding.current_ref = nullptr;
    return result;
  } catch (const std::exception& e) {
    binding.in_join = false;
    binding.current_ref = nullptr;
    log::error("join crashed: topic \"" + message.topic + "\": " + e.what());
    return std::nullopt;
  }
}

void SocketState::accept_join(Channel& channel, const ReplyAddress& address,
                              const json::value& response) {
  if (bound(channel).stream) return recover_then_answer(channel, address, response);
  bound(channel).joined = true;
  services().pubsub.subscribe(loop_, channel.topic(), *this, &channel);
  let_go_of_topic(channel);  // the subscription holds it now
  count_up(services().counters.channels);
  send_status(address, "ok", response);
  after_callback(channel);
}

void SocketState::complete_join(const ReplyAddress& address, const JoinResult& result) {
  Channel* channel = find(address.topic);
  // Left, joined again or already answered meanwhile: this answer is stale.
  if (!channel || bound(*channel).joined || !bound(*channel).carries_join_ref(address.join_ref))
    return;
  if (result.accepted()) return accept_join(*channel, address, result.response());
  if (result.is_deferred()) {
    send_status(address, "error", reason_payload("join deferred twice"));
  } else {
    send_status(address, "error", result.response());
  }
  remove(*channel, ExitReason::left, Farewell::none, false);
}

// Spec §5.5: the ok reply, then phx_close; pushes from terminate come after both.
void SocketState::leave(Channel& channel, const Message& message) {
  send_status({bound(channel).join_ref(), message.ref, channel.topic()}, "ok", empty_response());
  remove(channel, ExitReason::left, Farewell::close, false);
}

void SocketState::forward(Channel& channel, Message& message) {
  Reply reply = Reply::none();
  bound(channel).current_ref = &message.ref;
  bool alive = run_callback(channel, message.event,
                            [&] { reply = channel.handle_in(message.event, message.payload); });
  if (!alive) return;
  bound(channel).current_ref = nullptr;
  if (!reply.empty()) {
    send_status({bound(channel).reply_join_ref, message.ref, channel.topic()}, reply.status_text(),
                reply.response());
  }
  after_callback(channel);
}

void SocketState::deliver_info(std::string_view topic, const std::optional<std::string>& join_ref,
                               const json::value& message) {
  Channel* channel = find(topic);
  if (!channel || bound(*channel).reply_join_ref != join_ref) return;
  if (StreamFollow* stream = bound(*channel).stream.get(); stream && stream->recovering) {
    return stream->held_infos.push_back(message);  // the join is answered first
  }
  if (!bound(*channel).joined) return;
  if (run_handle_info(*channel, message)) after_callback(*channel);
}

bool SocketState::run_handle_info(Channel& channel, const json::value& message) {
  return run_callback(channel, "handle_info", [&] { channel.handle_info(message); });
}

// The fast lane: the shared frame is queued as it is. An intercepted event's handle_out, and the
// close for a "disconnect", run after pubsub's walk over the topic's subscribers. A
// "disconnect" to the id closes the socket even when one of its own channels sent it: Phoenix
// leaves out the sending channel, not the socket.
void SocketState::receive(const std::shared_ptr<const BroadcastMessage>& message, const void* tag,
                          bool excluded) {
  if (!tag) {
    if (message->event() != "disconnect") return;
    return post_to_socket(loop_, id_, [](SocketState& socket) {
      socket.session().close(ws::close_code::going_away, ExitReason::disconnected);
    });
  }
  if (excluded) return;
  ChannelBinding& binding = bound(*static_cast<Channel*>(const_cast<void*>(tag)));
  if (binding.stream && !binding.stream->admits(message)) {
    if (binding.stream->held.size() == StreamFollow::held_max + 1) {
      post_to_socket(loop_, id_, [topic = message->topic()](SocketState& socket) {
        if (Channel* channel = socket.find(topic)) {
          socket.crash(*channel, "phx_join", "too many broadcasts while reading the stream");
        }
      });
    }
    return;
  }
  if (binding.intercepts(message->event())) {
    return post_to_socket(loop_, id_,
                          [message](SocketState& socket) { socket.deliver_out(*message); });
  }
  const SharedFrame& frame = message->frame(version_);
  if (frame) session_.send(frame);
}

// A broadcast's handle_out; what the channel pushes from it carries the broadcast's position.
bool SocketState::deliver_out(const BroadcastMessage& message) {
  Channel* channel = find(message.topic());
  if (!channel) return false;
  StreamFollow* stream = bound(*channel).stream.get();
  if (stream && message.positioned()) stream->handling = &message;
  bool alive = run_callback(*channel, message.event(),
                            [&] { channel->handle_out(message.event(), message.payload()); });
  if (!alive) return false;
  if (stream) stream->handling = nullptr;
  after_callback(*channel);
  return find(message.topic()) == channel;
}

void SocketState::send_reply(const ReplyAddress& address, const Reply& reply) {
  if (!reply.empty()) send_status(address, reply.status_text(), reply.response());
}

void SocketState::push(const Channel& channel, std::string_view event, const Payload& payload) {
  if (!bound(channel).joined) throw std::logic_error("push before the join reply (use send_self)");
  require_message_payload(payload, "push");
  const StreamFollow* stream = bound(channel).stream.get();
  std::string position;
  if (stream && stream->handling) {
    position = position_member(stream->handling->offset(), stream->handling->epoch());
  }
  SharedFrame frame = message_frame(serializer().encode(
      {bound(channel).reply_join_ref, std::nullopt, channel.topic(), event, payload, position}));
  if (!frame) {
    log::warn("push of \"" + std::string(event) +
              "\" dropped: the client's protocol cannot carry it");
    return;
  }
  session_.send(std::move(frame));
}

bool SocketState::is_joined(std::string_view topic, const std::optional<std::string>& join_ref) {
  Channel* channel = find(topic);
  return channel && bound(*channel).joined && bound(*channel).reply_join_ref == join_ref;
}

void SocketState::send_status(const ReplyAddress& address, std::string_view status,
                              const Payload& response) {
  SharedFrame frame = message_frame(serializer().encode_reply(address, status, response));
  if (!frame) {
    log::warn("reply dropped: the client's protocol cannot carry it");
    return;
  }
  session_.send(std::move(frame));
}

Channel* SocketState::find(std::string_view topic) {
  for (auto& channel : channels_) {
    if (channel->topic() == topic) return channel.get();
  }
  return nullptr;
}

// Runs application code. Returns false when it threw: the channel has crashed and is gone.
template <class Callback>
bool SocketState::run_callback(Channel& channel, std::string_view event, Callback&& callback) {
  try {
    auto start = SteadyClock::now();
    callback();
    note_duration(services(), channel.topic(), event, SteadyClock::now() - start);
    return true;
  } catch (const std::exception& e) {
    crash(channel, event, e.what());
  } catch (...) {
    crash(channel, event, "an exception not derived from std::exception");
  }
  return false;
}

void SocketState::after_callback(Channel& channel) {
  if (bound(channel).stop_requested) remove(channel, ExitReason::stopped, Farewell::close, true);
}

void SocketState::crash(Channel& channel, std::string_view event, std::string_view what) {
  log::error("channel crashed: topic \"" + channel.topic() + "\" event \"" + std::string(event) +
             "\": " + std::string(what));
  remove(channel, ExitReason::crashed, Farewell::error, true);
}

// Ends a channel: unsubscribes it, runs terminate (before or after the farewell frame, as
// Phoenix orders them), sends phx_close or phx_error addressed with the table's join_ref.
void SocketState::remove(Channel& channel, ExitReason reason, Farewell farewell,
                         bool terminate_first) {
  forget(channel);
  // A channel whose join is still pending was never joined: it has nothing to terminate.
  bool was_joined = bound(channel).joined;
  if (terminate_first && was_joined) terminate_quietly(channel, reason);
  if (farewell != Farewell::none) {
    Payload payload = farewell == Farewell::error ? reason_payload("channel_crash") : Payload();
    session_.send(message_frame(
        serializer().encode({bound(channel).join_ref(), bound(channel).join_ref(), channel.topic(),
                             farewell == Farewell::error ? "phx_error" : "phx_close", payload})));
  }
  if (!terminate_first && was_joined) terminate_quietly(channel, reason);
  auto it = std::find_if(channels_.begin(), channels_.end(),
                         [&](const auto& owned) { return owned.get() == &channel; });
  if (it != channels_.end()) {
    channels_.erase(it);
    if (was_joined) count_down(services().counters.channels);
  }
}

// A channel that ends stops receiving broadcasts and leaves no presence behind.
void SocketState::forget(Channel& channel) {
  services().pubsub.unsubscribe(loop_, channel.topic(), *this, &channel);
  let_go_of_topic(channel);
  if (bound(channel).tracks_presence) services().presence_tracker.untrack_all(id_, channel.topic());
}

void SocketState::let_go_of_topic(Channel& channel) {
  if (!bound(channel).holds_topic) return;
  bound(channel).holds_topic = false;
  services().pubsub.release(channel.topic());
}

void SocketState::terminate_quietly(Channel& channel, ExitReason reason) {
  try {
    channel.terminate(reason);
  } catch (const std::exception& e) {
    log::error("terminate raised: topic \"" + channel.topic() + "\": " + e.what());
  } catch (...) {
    log::error("terminate raised: topic \"" + channel.topic() + "\"");
  }
}

void SocketState::close_all(ExitReason reason) {
  std::vector<std::unique_ptr<Channel>> channels;
  channels.swap(channels_);
  std::uint64_t joined = 0;
  for (auto& channel : channels) {
    forget(*channel);
    if (!bound(*channel).joined) continue;
    ++joined;
    terminate_quietly(*channel, reason);
  }
  count_down(services().counters.channels, joined);
}

}  // namespace wick::detail
