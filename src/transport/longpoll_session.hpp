#pragma once
// One long-poll socket (spec §13): the session a client creates with its first GET, then polls
// with GETs and feeds with POSTs, named by a signed token. It lives on the loop that created it;
// requests that arrive on other loops are handed over to it there. Outgoing messages wait in a
// bounded buffer until a poll takes them; a poll with nothing to take waits up to the window.
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include <wick/http.hpp>

#include "channel/socket_transport.hpp"
#include "net/loop_resident.hpp"
#include "transport/longpoll_body.hpp"

namespace wick::detail {

class EventLoop;
class SocketState;

/// The body answering a poll: {"status": S, "token": T, "messages": [...]}. Only a 200 takes the
/// buffered messages (phoenix.js reads messages from 200 answers alone); other statuses leave
/// them for the next poll.
std::string poll_answer(int status, std::string_view token, std::vector<SharedFrame>& buffer);

class LongPollSession final : public LoopResident, public SocketTransport {
 public:
  explicit LongPollSession(EventLoop& loop);
  ~LongPollSession() override;

  /// Called once the loop gave the session its id; `socket` speaks through this session.
  void start(std::uint64_t id, std::string token, std::unique_ptr<SocketState> socket);
  const std::string& token() const { return token_; }

  /// A GET, answered through `respond`: now when messages wait, else when the first arrive or
  /// the window ends (204). A newer poll replaces an older one (which gets 204).
  void poll(HttpResponder respond);
  /// A POST's messages, dispatched in order. Returns the status for the answer: 200, or 400
  /// when one could not be decoded (the messages before it were dispatched).
  int publish(const std::vector<LongPollMessage>& messages);

  void send(SharedFrame frame) override;
  void close(std::uint16_t code, ExitReason reason) override;

  SocketState* socket_state() override { return ended_ ? nullptr : socket_.get(); }
  void flush() override;
  void check_timeouts(Clock::time_point now) override;
  void close_for_shutdown() override;

 private:
  void answer_poll(int status);
  void end(ExitReason reason);

  EventLoop& loop_;
  std::uint64_t id_ = 0;
  std::string token_;
  std::unique_ptr<SocketState> socket_;
  std::vector<SharedFrame> buffer_;
  std::size_t buffered_bytes_ = 0;
  std::optional<HttpResponder> waiting_poll_;  // the open GET
  std::uint32_t polls_ = 0;                    // names the open GET for its window's timer
  boost::asio::steady_timer poll_timer_;
  Clock::time_point last_poll_;
  bool flush_scheduled_ = false;
  bool overflowed_ = false;  // closing for a full buffer; nothing more is queued
  bool ended_ = false;
};

}  // namespace wick::detail
