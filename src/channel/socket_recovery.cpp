// Recovery on join (docs/recovery.md): a join on a topic with history may name where its
// client left off, {"_wick": {"offset": N, "epoch": E}} in its params. Once the application
// accepts the join, the socket subscribes (holding live broadcasts), reads the topic's stream,
// and then answers: the reply carries the stream's position and, for a join that named one,
// whether it recovered; then come the broadcasts the client missed, in order, then those held
// meanwhile that the recovery did not cover, each once, and last what the channel sent itself
// meanwhile (handle_info), as Phoenix handles a message sent from join after the reply.
#include <boost/json/object.hpp>
#include <wick/history.hpp>

#include "channel/channel_access.hpp"
#include "channel/socket_lookup.hpp"
#include "channel/socket_state.hpp"
#include "channel/stream_follow.hpp"
#include "pubsub/broadcast_message.hpp"
#include "pubsub/pubsub.hpp"

namespace wick::detail {

bool SocketState::take_position(Message& message, std::optional<StreamPosition>& position) {
  if (message.payload.is_binary()) return true;
  const json::object* params = message.payload.json().if_object();
  if (!params) return true;
  const json::value* named = params->if_contains(position_key);
  if (!named) return true;
  position = read_position(*named);
  if (!position) return false;
  json::object rest = *params;
  rest.erase(position_key);
  message.payload = Payload(std::move(rest));
  return true;
}

void SocketState::recover_then_answer(Channel& channel, const ReplyAddress& address,
                                      const json::value& response) {
  ChannelBinding& binding = bound(channel);
  StreamFollow& stream = *binding.stream;
  stream.recovering = true;
  stream.response = response;
  if (address.ref) stream.join_message_ref.emplace(*address.ref);
  services().pubsub.subscribe(loop_, channel.topic(), *this, &channel);
  let_go_of_topic(channel);  // the subscription holds it now
  std::optional<StreamRecovery> at_once =
      services().pubsub.recover(loop_, stream.history, channel.topic(), stream.requested,
                                [loop = &loop_, id = id_, topic = channel.topic(),
                                 join_ref = binding.reply_join_ref](StreamRecovery recovery) {
                                  if (SocketState* socket = find_socket(*loop, id)) {
                                    socket->answer_recovered(topic, join_ref, std::move(recovery));
                                  }
                                });
  if (at_once) answer_recovered(channel.topic(), binding.reply_join_ref, std::move(*at_once));
}

void SocketState::answer_recovered(std::string_view topic,
                                   const std::optional<std::string>& join_ref,
                                   StreamRecovery recovery) {
  Channel* channel = find(topic);
  if (!channel || bound(*channel).reply_join_ref != join_ref) return;  // left meanwhile
  ChannelBinding& binding = bound(*channel);
  StreamFollow* stream = binding.stream.get();
  if (!stream || !stream->recovering) return;
  stream->recovering = false;
  binding.joined = true;
  count_up(services().counters.channels);

  json::object position;
  bool asked = stream->requested.has_value();
  if (recovery.answered) {
    position = position_object(recovery.position,
                               asked ? std::optional(recovery.recovered) : std::nullopt);
    stream->covered_through = recovery.position.offset;
    stream->epoch = recovery.position.epoch;
  } else {
    position["recovered"] = false;  // the stream could not be read: no position either
  }
  json::value response = std::move(stream->response);
  if (json::object* object = response.if_object()) (*object)[position_key] = std::move(position);
  send_status({binding.join_ref(), stream->join_message_ref, topic}, "ok", response);

  std::vector<StreamFollow::MessagePtr> held;
  held.swap(stream->held);
  if (recovery.recovered) {
    for (const auto& message : recovery.missed) {
      if (!push_from_stream(*channel, message)) return;
    }
  }
  for (const auto& message : held) {
    StreamFollow* still = bound(*channel).stream.get();
    if (!still->admits(message)) continue;
    if (!push_from_stream(*channel, message)) return;
  }
  std::vector<json::value> infos;
  infos.swap(bound(*channel).stream->held_infos);
  for (const json::value& info : infos) {
    if (!run_handle_info(*channel, info)) return;
    if (bound(*channel).stop_requested) break;
  }
  after_callback(*channel);
}

bool SocketState::push_from_stream(Channel& channel,
                                   const std::shared_ptr<const BroadcastMessage>& message) {
  if (message->from() == id_) return true;  // broadcast_from this very socket
  if (bound(channel).intercepts(message->event())) return deliver_out(*message);
  if (const SharedFrame& frame = message->frame(version_)) session_.send(frame);
  return true;
}

}  // namespace wick::detail
