#pragma once
// A channel: the server side of one client's subscription to one topic. Subclass it, override
// the callbacks you need, and route a topic pattern to it in your SocketHandler.
//
//   class RoomChannel : public wick::Channel {
//     wick::JoinResult join(std::string_view topic, const wick::json::value& params) override {
//       if (topic == "room:private") return wick::JoinResult::error({{"reason", "unauthorized"}});
//       return wick::JoinResult::ok();
//     }
//     wick::Reply handle_in(std::string_view event, const wick::Payload& payload) override {
//       if (event == "new_msg") { broadcast("new_msg", payload); return wick::Reply::ok(); }
//       return wick::Reply::error({{"reason", "unknown event"}});
//     }
//   };
//
// Every callback of a channel runs on the event loop that owns its connection, one at a time,
// so a channel needs no locks. An exception thrown from a callback crashes only this channel:
// the client gets phx_error and rejoins; the socket and its other channels go on.
#include <boost/json/object.hpp>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>
#include <wick/channel_ref.hpp>
#include <wick/detail/channel_binding.hpp>
#include <wick/exit_reason.hpp>
#include <wick/payload.hpp>
#include <wick/reply.hpp>

namespace wick {

namespace detail {
class ChannelAccess;
}
class Endpoint;
class Presence;

/// The base class of an application's channels (see the example above).
class Channel {
 public:
  Channel();
  virtual ~Channel();

  /// Authorizes the join. Pushing from here is an error (the join reply must come first);
  /// use send_self() for work right after joining.
  virtual JoinResult join(std::string_view topic, const json::value& params) = 0;
  /// A client push. The default answers error {"reason":"unhandled event"}.
  virtual Reply handle_in(std::string_view event, const Payload& payload);
  /// A message from send_self(), a timer, or a ChannelRef. The default ignores it.
  virtual void handle_info(const json::value& message);
  /// A broadcast of an intercepted event. The default pushes it unchanged.
  virtual void handle_out(std::string_view event, const Payload& payload);
  /// The channel is ending; pushes from here still reach the client when it is connected.
  virtual void terminate(ExitReason reason);

  /// The topic this channel joined ("room:lobby").
  const std::string& topic() const { return binding_.topic; }
  /// The socket's assigns as of the join, with this channel's own assign() calls on top.
  const json::object& assigns() const;
  /// Sets an assign on this channel only; the socket and its other channels do not see it.
  void assign(std::string_view key, json::value value);

 protected:
  /// Sends an event to this channel's client only. Pushes and broadcasts carry a JSON object
  /// or wick::Binary, as in Phoenix: any other payload throws std::invalid_argument (in a
  /// callback, that crashes the channel like any exception).
  void push(std::string_view event, Payload payload);
  /// Sends an event to every subscriber of the topic, this client included.
  void broadcast(std::string_view event, Payload payload);
  /// Sends an event to every subscriber of the topic but this client.
  void broadcast_from(std::string_view event, Payload payload);
  /// Routes broadcasts of these events through handle_out instead of straight to the client.
  void intercept(std::vector<std::string> events) { binding_.intercepted = std::move(events); }
  /// Ends the channel normally after the current callback: the client gets phx_close and does
  /// not rejoin. A reply returned by the same handle_in is sent first.
  void stop() { binding_.stop_requested = true; }
  /// Inside handle_in: a handle to answer the current push later, from any thread.
  ReplyHandle defer_reply() const;
  /// Inside join: a handle to answer the join later, from any thread; join() then returns
  /// JoinResult::deferred(). Until the answer the channel is not joined: it receives no
  /// broadcasts or handle_info, and pushes to it are refused. For work right after the join,
  /// send to self() from the thread that answers, after answering.
  JoinHandle defer_join() const;
  /// A thread-safe handle to this channel incarnation.
  ChannelRef self() const;
  /// Queues `message` for handle_info after the current callback (Phoenix's send(self(), msg)).
  void send_self(json::value message) const { self().send(std::move(message)); }
  /// Queues `message` for handle_info once `delay` has passed, if this incarnation is still
  /// joined then (Phoenix's Process.send_after(self(), msg, delay)).
  void send_after(std::chrono::milliseconds delay, json::value message) const {
    self().send_after(delay, std::move(message));
  }
  /// The endpoint that serves this channel's socket; throws std::logic_error when it has none
  /// (a socket tested alone).
  Endpoint& endpoint() const;
  /// The endpoint's presence tracker (endpoint().presence()).
  Presence& presence() const;

 private:
  friend class detail::ChannelAccess;
  detail::ChannelBinding binding_;
};

}  // namespace wick
