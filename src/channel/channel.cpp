#include <algorithm>
#include <stdexcept>
#include <wick/channel.hpp>

#include "channel/socket_state.hpp"
#include "net/event_loop.hpp"
#include "pubsub/pubsub.hpp"

namespace wick {

Reply Channel::handle_in(std::string_view, const Payload&) {
  return Reply::error(json::object{{"reason", "unhandled event"}});
}

void Channel::handle_info(const json::value&) {}

void Channel::handle_out(std::string_view event, const Payload& payload) { push(event, payload); }

void Channel::terminate(ExitReason) {}

const json::object& Channel::assigns() const {
  static const json::object none;
  if (own_assigns_) return *own_assigns_;
  return socket_assigns_ ? *socket_assigns_ : none;
}

void Channel::assign(std::string_view key, json::value value) {
  if (!own_assigns_) own_assigns_ = std::make_unique<json::object>(assigns());
  (*own_assigns_)[key] = std::move(value);
}

std::optional<std::string> Channel::join_ref() const {
  return null_join_ref_ ? std::nullopt : reply_join_ref_;
}

bool Channel::carries_join_ref(std::optional<std::string_view> join_ref) const {
  return null_join_ref_ ? !join_ref : join_ref == reply_join_ref_;
}

void Channel::push(std::string_view event, Payload payload) {
  socket_->push(*this, event, payload);
}

void Channel::broadcast(std::string_view event, Payload payload) {
  socket_->services().pubsub.broadcast(topic_, event, std::move(payload));
}

void Channel::broadcast_from(std::string_view event, Payload payload) {
  socket_->services().pubsub.broadcast(topic_, event, std::move(payload), socket_->id());
}

ReplyHandle Channel::defer_reply() const {
  if (current_ref_ == nullptr || in_join_) {
    throw std::logic_error("defer_reply is only valid in handle_in");
  }
  return ReplyHandle(detail::PendingAnswer(socket_->loop().weak_from_this(), socket_->id(), topic_,
                                           reply_join_ref_, *current_ref_));
}

JoinHandle Channel::defer_join() const {
  if (!in_join_) throw std::logic_error("defer_join is only valid in join");
  return JoinHandle(detail::PendingAnswer(socket_->loop().weak_from_this(), socket_->id(), topic_,
                                          join_ref(), *current_ref_));
}

ChannelRef Channel::self() const {
  return ChannelRef(socket_->loop().weak_from_this(), socket_->id(), topic_, reply_join_ref_);
}

Endpoint& Channel::endpoint() const {
  Endpoint* endpoint = socket_->services().endpoint;
  if (!endpoint) throw std::logic_error("this channel's socket belongs to no endpoint");
  return *endpoint;
}

Presence& Channel::presence() const {
  Presence* presence = socket_->services().presence;
  if (!presence) throw std::logic_error("this channel's socket belongs to no endpoint");
  return *presence;
}

bool Channel::intercepts(std::string_view event) const {
  return std::find(intercepted_.begin(), intercepted_.end(), event) != intercepted_.end();
}

}  // namespace wick
