#include <algorithm>
#include <stdexcept>
#include <wick/channel.hpp>

#include "channel/socket_state.hpp"
#include "channel/stream_follow.hpp"
#include "net/event_loop.hpp"
#include "pubsub/pubsub.hpp"

namespace wick {

Channel::Channel() = default;

Channel::~Channel() = default;

Reply Channel::handle_in(std::string_view, const Payload&) {
  return Reply::error(json::object{{"reason", "unhandled event"}});
}

void Channel::handle_info(const json::value&) {}

void Channel::handle_out(std::string_view event, const Payload& payload) { push(event, payload); }

void Channel::terminate(ExitReason) {}

const json::object& Channel::assigns() const {
  static const json::object none;
  if (binding_.own_assigns) return *binding_.own_assigns;
  return binding_.socket_assigns ? *binding_.socket_assigns : none;
}

void Channel::assign(std::string_view key, json::value value) {
  if (!binding_.own_assigns) binding_.own_assigns = std::make_unique<json::object>(assigns());
  (*binding_.own_assigns)[key] = std::move(value);
}

void Channel::push(std::string_view event, Payload payload) {
  binding_.socket->push(*this, event, payload);
}

void Channel::broadcast(std::string_view event, Payload payload) {
  binding_.socket->services().pubsub.broadcast(binding_.topic, event, std::move(payload));
}

void Channel::broadcast_from(std::string_view event, Payload payload) {
  binding_.socket->services().pubsub.broadcast(binding_.topic, event, std::move(payload),
                                               binding_.socket->id());
}

ReplyHandle Channel::defer_reply() const {
  if (binding_.current_ref == nullptr || binding_.in_join) {
    throw std::logic_error("defer_reply is only valid in handle_in");
  }
  return ReplyHandle(detail::PendingAnswer(binding_.socket->loop().weak_from_this(),
                                           binding_.socket->id(), binding_.topic,
                                           binding_.reply_join_ref, *binding_.current_ref));
}

JoinHandle Channel::defer_join() const {
  if (!binding_.in_join) throw std::logic_error("defer_join is only valid in join");
  return JoinHandle(detail::PendingAnswer(binding_.socket->loop().weak_from_this(),
                                          binding_.socket->id(), binding_.topic,
                                          binding_.join_ref(), *binding_.current_ref));
}

ChannelRef Channel::self() const {
  return ChannelRef(binding_.socket->loop().weak_from_this(), binding_.socket->id(), binding_.topic,
                    binding_.reply_join_ref);
}

Endpoint& Channel::endpoint() const {
  Endpoint* endpoint = binding_.socket->services().endpoint;
  if (!endpoint) throw std::logic_error("this channel's socket belongs to no endpoint");
  return *endpoint;
}

Presence& Channel::presence() const {
  Presence* presence = binding_.socket->services().presence;
  if (!presence) throw std::logic_error("this channel's socket belongs to no endpoint");
  return *presence;
}

bool detail::ChannelBinding::intercepts(std::string_view event) const {
  return std::find(intercepted.begin(), intercepted.end(), event) != intercepted.end();
}

}  // namespace wick
