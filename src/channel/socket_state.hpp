#pragma once
// One client socket above its transport: the table topic → channel and the dispatch rules of
// spec §5 (join, duplicate join, leave, stale join_refs, unmatched topics, heartbeats), crash
// isolation, and the way out for pushes, replies and broadcasts. Runs on its loop's thread only.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include <wick/channel.hpp>
#include <wick/socket.hpp>
#include <wick/socket_handler.hpp>

#include "channel/socket_mount.hpp"
#include "channel/token_bucket.hpp"
#include "protocol/message.hpp"
#include "protocol/serializer.hpp"
#include "protocol/stream_position.hpp"
#include "pubsub/stream_recovery.hpp"
#include "pubsub/subscriber.hpp"
#include "transport/session.hpp"

namespace wick::detail {

class BroadcastMessage;
class EventLoop;

class SocketState final : public Subscriber {
 public:
  /// A socket of `mount`, carried by `session`, which `loop` owns as resident `id`.
  SocketState(const SocketMount& mount, EventLoop& loop, std::uint64_t id, Session& session,
              SerializerVersion version, ConnectedSocket connected);
  ~SocketState();
  SocketState(const SocketState&) = delete;
  SocketState& operator=(const SocketState&) = delete;

  /// One whole message from the transport, or why it could not be decoded (the transport
  /// decides what that costs the client).
  DecodeError handle_frame(bool binary, std::string_view data);
  /// The session is going away: every channel's terminate runs, the socket stops counting as
  /// open. Once; later calls do nothing.
  void end(ExitReason reason);

  void deliver_info(std::string_view topic, const std::optional<std::string>& join_ref,
                    const json::value& message);
  /// Pubsub's delivery to a joined channel (tag: the channel) or to the socket's id (no tag).
  void receive(const std::shared_ptr<const BroadcastMessage>& message, const void* tag,
               bool excluded) override;
  std::uint64_t subscriber_id() const override { return id_; }
  void send_reply(const ReplyAddress& address, const Reply& reply);
  /// The answer to a join that Channel::join deferred.
  void complete_join(const ReplyAddress& address, const JoinResult& result);

  void push(const Channel& channel, std::string_view event, const Payload& payload);
  /// Whether the channel incarnation (topic, join_ref) is joined, so that a push may reach it.
  bool is_joined(std::string_view topic, const std::optional<std::string>& join_ref);

  std::uint64_t id() const { return id_; }
  EventLoop& loop() { return loop_; }
  Session& session() { return session_; }
  const SocketServices& services() const { return mount_.services(); }
  const Serializer& serializer() const { return serializer_for(version_); }
  std::size_t channel_count() const { return channels_.size(); }

 private:
  enum class Farewell { none, close, error };

  void dispatch(Message& message);
  /// False (and the message answered or the socket closed) when the socket is over its rate.
  bool within_rate(const Message& message);
  /// False when joins are rate limited and this socket is over its rate.
  bool join_within_rate();
  void join(Message& message);
  std::unique_ptr<Channel> make_channel(const TopicRouter::Factory& factory,
                                        const Message& message);
  void join_once_receiving(Message& message);
  void run_join(Channel& channel, Message& message);
  std::optional<JoinResult> call_join(Channel& channel, Message& message);
  void accept_join(Channel& channel, const ReplyAddress& address, const json::value& response);
  // Recovery on join (socket_recovery.cpp).
  /// Takes the position a join names off its params (the application's join() does not see
  /// it); false when it names one that is not a position.
  static bool take_position(Message& message, std::optional<StreamPosition>& position);
  /// The join, accepted on a topic with history: subscribes, holding live broadcasts, reads
  /// the stream, and answers once it has.
  void recover_then_answer(Channel& channel, const ReplyAddress& address,
                           const json::value& response);
  /// The stream's answer: the join's reply with the position, then what the client missed,
  /// then what arrived meanwhile that the recovery did not cover.
  void answer_recovered(std::string_view topic, const std::optional<std::string>& join_ref,
                        StreamRecovery recovery);
  /// One broadcast of the stream to `channel`, as pubsub would deliver it, at once: false when
  /// the channel is gone after it (its handle_out crashed or stopped it).
  bool push_from_stream(Channel& channel, const std::shared_ptr<const BroadcastMessage>& message);
  void leave(Channel& channel, const Message& message);
  void forward(Channel& channel, Message& message);
  Channel* find(std::string_view topic);
  void send_status(const ReplyAddress& address, std::string_view status, const Payload& response);

  template <class Callback>
  bool run_callback(Channel& channel, std::string_view event, Callback&& callback);
  void after_callback(Channel& channel);
  /// Runs handle_info; false when the channel crashed and is gone.
  bool run_handle_info(Channel& channel, const json::value& message);
  void crash(Channel& channel, std::string_view event, std::string_view what);
  void remove(Channel& channel, ExitReason reason, Farewell farewell, bool terminate_first);
  void terminate_quietly(Channel& channel, ExitReason reason);
  void forget(Channel& channel);
  /// Ends the hold a deferred join keeps on its topic in a cluster, if it has one.
  void let_go_of_topic(Channel& channel);
  void close_all(ExitReason reason);
  bool deliver_out(const BroadcastMessage& message);

  // What a broadcast's delivery reads comes first (see Connection's fields).
  const SocketMount& mount_;
  EventLoop& loop_;
  const std::uint64_t id_;
  Session& session_;
  const SerializerVersion version_;  // a byte, not a pointer: an idle socket's size is counted
  bool ended_ = false;
  std::uint32_t refused_in_a_row_ = 0;
  Socket socket_;
  std::optional<std::string> socket_id_;
  std::vector<std::unique_ptr<Channel>> channels_;
  TokenBucket message_bucket_;
  TokenBucket join_bucket_;
};

}  // namespace wick::detail
