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
#include <wick/payload.hpp>
#include <wick/reply.hpp>

namespace wick {

namespace detail {
class EventLoop;
}

/// Names one channel incarnation (connection, topic, join_ref). Cheap to copy.
class ChannelRef {
 public:
  ChannelRef() = default;
  ChannelRef(std::weak_ptr<detail::EventLoop> loop, std::uint64_t connection, std::string topic,
             std::optional<std::string> join_ref);

  /// Delivers `message` to the channel's handle_info, if that incarnation is still joined.
  void send(json::value message) const;
  /// Like send, after `delay`.
  void send_after(std::chrono::milliseconds delay, json::value message) const;

  const std::string& topic() const { return topic_; }
  std::uint64_t connection() const { return connection_; }

 private:
  friend class Endpoint;
  std::weak_ptr<detail::EventLoop> loop_;
  std::uint64_t connection_ = 0;
  std::string topic_;
  std::optional<std::string> join_ref_;
};

namespace detail {
struct ReplyAddress;
class SocketState;

/// The address of one client message to answer later: its connection, on its loop, and the
/// topic, join_ref and ref the answer carries. Cheap to copy; answering posts to the loop.
class PendingAnswer {
 public:
  PendingAnswer() = default;
  PendingAnswer(std::weak_ptr<EventLoop> loop, std::uint64_t connection, std::string topic,
                std::optional<std::string> join_ref, std::optional<std::string> ref);

 protected:
  /// Runs `answer` on the connection's loop, if the connection still has a socket.
  void post(std::function<void(SocketState&, const ReplyAddress&)> answer) const;

 private:
  std::weak_ptr<EventLoop> loop_;
  std::uint64_t connection_ = 0;
  std::string topic_;
  std::optional<std::string> join_ref_;
  std::optional<std::string> ref_;
};
}  // namespace detail

/// The address of one client push, to answer it later (Phoenix's socket_ref + reply/2).
class ReplyHandle : public detail::PendingAnswer {
 public:
  using PendingAnswer::PendingAnswer;
  /// Sends the reply if the client is still connected. May be called from any thread.
  void send(Reply reply) const;
};

/// The address of one pending join, to answer it later (see Channel::defer_join).
class JoinHandle : public detail::PendingAnswer {
 public:
  using PendingAnswer::PendingAnswer;
  /// Completes the join with JoinResult::ok or ::error, from any thread. Ignored when the
  /// client has left, joined again or disconnected meanwhile.
  void send(JoinResult result) const;
};

}  // namespace wick
