#pragma once
// One long-poll socket (spec §13): the session a client creates with its first GET, then polls
// with GETs and feeds with POSTs, named by a signed token. It lives on the loop that created it;
// requests that arrive on other loops are handed over to it there. Outgoing messages wait in
// the session's outbound queue (bounded as a WebSocket's is) until a poll takes them; a poll
// with nothing to take waits up to the window. It carries one socket, which the channel layer
// supplies by completing this class (channel/carried_socket.hpp).
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <string>
#include <vector>

#include "net/loop_resident.hpp"
#include "net/outbound_queue.hpp"
#include "transport/longpoll_body.hpp"
#include "transport/session.hpp"

namespace wick::detail {

class EventLoop;

/// The body answering a poll: {"status": S, "token": T, "messages": [...]}. Only a 200 takes the
/// queued messages, emptying the queue (phoenix.js reads messages from 200 answers alone);
/// other statuses leave them for the next poll.
std::string poll_answer(int status, std::string_view token, OutNodePool& pool,
                        OutboundQueue& queue);

class LongPollSession : public LoopResident, public Session {
 public:
  /// Sends a poll's answer, the whole JSON body, to whoever polled: the client's connection
  /// here, or the node that relayed its request.
  using PollReply = std::function<void(std::string body)>;

  /// Resident `id` of `loop`, named by `token`.
  LongPollSession(EventLoop& loop, std::uint64_t id, std::string token);
  ~LongPollSession() override;

  const std::string& token() const { return token_; }
  /// Whether the socket it carries has ended (the client learns it from its next request).
  bool ended() const { return ended_; }

  /// A GET, answered through `reply`: now when messages wait, else when the first arrive or
  /// the window ends (204). A newer poll replaces an older one (which gets 204).
  void poll(PollReply reply);
  /// A POST's messages, dispatched in order. Returns the status for the answer: 200, 400 when
  /// one could not be decoded (the messages before it were dispatched), 410 when the socket
  /// ended meanwhile.
  int publish(const std::vector<LongPollMessage>& messages);

  void send(SharedFrame frame) override;
  void close(std::uint16_t code, ExitReason reason) override;

  void flush() override;
  void check_timeouts(Clock::time_point now) override;
  void close_for_shutdown() override;

 protected:
  /// Ends the socket; the completing class calls it from its destructor too, while the socket
  /// still exists.
  void end(ExitReason reason);

 private:
  void answer_poll(int status);

  EventLoop& loop_;
  const std::uint64_t id_;
  const std::string token_;
  OutboundQueue queue_;
  PollReply waiting_poll_;   // the open GET
  std::uint32_t polls_ = 0;  // names the open GET for its window's timer
  boost::asio::steady_timer poll_timer_;
  Clock::time_point last_poll_;
  bool flush_scheduled_ = false;
  bool overflowed_ = false;  // closing for a full queue; nothing more is queued
  bool ended_ = false;
};

}  // namespace wick::detail
