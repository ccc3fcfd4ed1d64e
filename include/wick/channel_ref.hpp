#pragma once
// Thread-safe handles to a channel that outlive the callback that made them. Both post to the
// event loop that owns the channel's connection; nothing else touches the connection.
//
//   auto reply = defer_reply();                          // inside handle_in
//   pool.submit([reply] { reply.send(wick::Reply::ok({{"done", true}})); });
//
//   auto pending = defer_join();                          // inside join
//   pool.submit([pending] { pending.send(wick::JoinResult::ok({{"history", load()}})); });
//   return wick::JoinResult::deferred();
//
//   auto me = self();                                    // any time after join
//   std::thread([me] { me.send({{"tick", 1}}); }).detach();   // arrives in handle_info
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <wick/detail/pending_answer.hpp>
#include <wick/payload.hpp>
#include <wick/reply.hpp>

namespace wick {

namespace detail {
class EventLoop;
}
class Channel;
class Endpoint;

/// Names one channel incarnation (connection, topic, join_ref). Cheap to copy; a default one
/// names nothing (sending to it does nothing). Get one from Channel::self().
class ChannelRef {
 public:
  ChannelRef() = default;

  /// Delivers `message` to the channel's handle_info, if that incarnation is still joined.
  /// From any thread.
  void send(json::value message) const;
  /// Like send, after `delay`.
  void send_after(std::chrono::milliseconds delay, json::value message) const;

  /// The channel's topic.
  const std::string& topic() const { return topic_; }

 private:
  friend class Channel;
  friend class Endpoint;
  ChannelRef(std::weak_ptr<detail::EventLoop> loop, std::uint64_t connection, std::string topic,
             std::optional<std::string> join_ref);

  std::weak_ptr<detail::EventLoop> loop_;
  std::uint64_t connection_ = 0;
  std::string topic_;
  std::optional<std::string> join_ref_;
};

/// The address of one client push, to answer it later (Phoenix's socket_ref + reply/2). Get
/// one from Channel::defer_reply(); a default one answers nothing.
class ReplyHandle {
 public:
  ReplyHandle() = default;
  /// Sends the reply if the client is still connected. From any thread.
  void send(Reply reply) const;

 private:
  friend class Channel;
  explicit ReplyHandle(detail::PendingAnswer address) : address_(std::move(address)) {}
  detail::PendingAnswer address_;
};

/// The address of one pending join, to answer it later. Get one from Channel::defer_join().
class JoinHandle {
 public:
  JoinHandle() = default;
  /// Completes the join with JoinResult::ok or JoinResult::error, from any thread. Ignored when the
  /// client has left, joined again or disconnected meanwhile.
  void send(JoinResult result) const;

 private:
  friend class Channel;
  explicit JoinHandle(detail::PendingAnswer address) : address_(std::move(address)) {}
  detail::PendingAnswer address_;
};

}  // namespace wick
