#include "pubsub/pubsub.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>

#include "channel/socket_state.hpp"
#include "endpoint_core.hpp"
#include "net/event_loop.hpp"
#include "protocol/message_payload.hpp"
#include "transport/websocket_codec.hpp"

namespace wick::detail {

void PubSub::broadcast(std::string_view topic, std::string_view event, Payload payload,
                       std::uint64_t from) {
  require_message_payload(payload, from ? "broadcast_from" : "broadcast");
  std::shared_ptr<ClusterAdapter> adapter;
  {
    std::lock_guard lock(adapter_mutex_);
    adapter = adapter_;
  }
  if (adapter) adapter->forward(topic, event, payload);
  dispatch(std::make_shared<const BroadcastMessage>(std::string(topic), std::string(event),
                                                    std::move(payload), from));
}

void PubSub::local_broadcast(std::string_view topic, std::string_view event, Payload payload) {
  require_message_payload(payload, "local broadcast");
  dispatch(std::make_shared<const BroadcastMessage>(std::string(topic), std::string(event),
                                                    std::move(payload), 0));
}

void PubSub::set_adapter(std::shared_ptr<ClusterAdapter> adapter) {
  std::lock_guard lock(adapter_mutex_);
  adapter_ = std::move(adapter);
}

void PubSub::dispatch(std::shared_ptr<const BroadcastMessage> message) {
  EventLoop* here = EventLoop::current();
  if (here && &here->core() != &core_) here = nullptr;
  if (!here) {
    for (const auto& loop : core_.loops) {
      boost::asio::post(loop->io(), [loop = loop.get(), message] { deliver(*loop, message); });
    }
    return;
  }
  // Posted before this loop's flush (which its own delivery schedules), so the other loops
  // start writing while this one writes too.
  if (core_.loops.size() > 1) {
    auto& outgoing = here->outgoing_broadcasts();
    if (outgoing.empty()) {
      boost::asio::post(here->io(), [core = &core_, here] { hand_over(*core, *here); });
    }
    outgoing.push_back(message);
  }
  deliver(*here, message);
}

// A round's broadcasts travel to each other loop in one post: a burst of broadcasts then costs
// one wake-up per loop, and each subscriber gets all of them in one write.
void PubSub::hand_over(EndpointCore& core, EventLoop& from) {
  auto batch = std::make_shared<const std::vector<std::shared_ptr<const BroadcastMessage>>>(
      std::move(from.outgoing_broadcasts()));
  from.outgoing_broadcasts().clear();
  for (const auto& loop : core.loops) {
    if (loop.get() == &from) continue;
    boost::asio::post(loop->io(), [loop = loop.get(), batch] {
      for (const auto& message : *batch) deliver(*loop, message);
    });
  }
}

// Fastlane: subscribers that do not intercept the event get the shared frame queued directly.
// Intercepting channels and "disconnect" to a socket id are handled after the loop over
// subscribers, so that no application code runs while the list is being walked.
void PubSub::deliver(EventLoop& loop, const std::shared_ptr<const BroadcastMessage>& message,
                     std::span<const std::uint64_t> skip) {
  if (message->event() == "disconnect") {
    for (std::uint64_t id : loop.topics().connections_with_id(message->topic())) {
      loop.post_to_socket(id, [](SocketState& socket) {
        socket.transport().close(ws::close_code::going_away, ExitReason::disconnected);
      });
    }
  }
  const std::vector<Subscriber>* subscribers = loop.topics().find(message->topic());
  if (!subscribers) return;
  std::vector<std::uint64_t> intercepting;
  for (const Subscriber& subscriber : *subscribers) {
    if (subscriber.socket->id() == message->from()) continue;
    if (!skip.empty() && std::binary_search(skip.begin(), skip.end(), subscriber.socket->id())) {
      continue;
    }
    if (SocketState::intercepts(*subscriber.channel, message->event())) {
      intercepting.push_back(subscriber.socket->id());
      continue;
    }
    const SharedFrame& frame = message->frame(subscriber.socket->serializer().version());
    if (frame) subscriber.socket->transport().send(frame);
  }
  for (std::uint64_t id : intercepting) {
    loop.post_to_socket(id, [message](SocketState& socket) { socket.deliver_out(*message); });
  }
}

}  // namespace wick::detail
