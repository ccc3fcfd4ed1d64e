#include "transport/longpoll_session.hpp"

#include <boost/asio/post.hpp>

#include "log.hpp"
#include "net/event_loop.hpp"
#include "protocol/json_text.hpp"
#include "transport/websocket_codec.hpp"

namespace wick::detail {

LongPollSession::LongPollSession(EventLoop& loop, std::uint64_t id, std::string token)
    : loop_(loop),
      id_(id),
      token_(std::move(token)),
      poll_timer_(loop.io()),
      last_poll_(Clock::now()) {}

LongPollSession::~LongPollSession() { queue_.clear(loop_.out_nodes()); }

void LongPollSession::poll(PollReply reply) {
  last_poll_ = Clock::now();
  if (waiting_poll_) answer_poll(204);
  waiting_poll_ = std::move(reply);
  std::uint32_t poll = ++polls_;
  if (!queue_.empty()) return answer_poll(200);
  poll_timer_.expires_after(config().longpoll_window);
  poll_timer_.async_wait([loop = &loop_, id = id_, poll](boost::system::error_code ec) {
    if (ec) return;
    auto* session = loop->find_as<LongPollSession>(id);
    if (session && session->waiting_poll_ && session->polls_ == poll) session->answer_poll(204);
  });
}

int LongPollSession::publish(const std::vector<LongPollMessage>& messages) {
  for (const LongPollMessage& message : messages) {
    if (ended_) return 410;
    if (deliver(message.binary, message.data) != DecodeError::none) return 400;
  }
  return 200;
}

void LongPollSession::send(SharedFrame frame) {
  if (ended_ || overflowed_ || !frame) return;
  if (frame.binary()) {
    log::warn("binary message dropped: long-poll carries text only");
    return;
  }
  add_single_writer(loop_.counters().messages_out, 1);
  OutboundLimit limit{config().max_outbound_bytes, config().longpoll_max_buffered_messages};
  if (!queue_.push(loop_.out_nodes(), std::move(frame), limit)) {
    note_slow_consumer(counters(), "long-poll queue over the limit");
    overflowed_ = true;
    // Not now: the caller may be walking a subscriber list.
    boost::asio::post(loop_.io(), [loop = &loop_, id = id_] {
      if (auto* session = loop->find_as<LongPollSession>(id)) {
        session->close(ws::close_code::policy_violation, ExitReason::closed);
      }
    });
    return;
  }
  // Messages of one round go out together in one poll answer.
  if (waiting_poll_ && !flush_scheduled_) {
    flush_scheduled_ = true;
    loop_.schedule_flush(id_);
  }
}

void LongPollSession::flush() {
  flush_scheduled_ = false;
  if (waiting_poll_ && !queue_.empty()) answer_poll(200);
}

std::string poll_answer(int status, std::string_view token, OutNodePool& pool,
                        OutboundQueue& queue) {
  std::string body = "{\"status\":" + std::to_string(status) + ",\"token\":";
  append_json_string(body, token);
  body += ",\"messages\":[";
  if (status == 200) {
    for (OutNode* node = queue.front(); node; node = node->next) {
      if (node != queue.front()) body.push_back(',');
      append_json_string(body, node->frame.payload());
    }
    queue.clear(pool);
  }
  body += "]}";
  return body;
}

void LongPollSession::answer_poll(int status) {
  if (!waiting_poll_) return;
  std::string body = poll_answer(status, token_, loop_.out_nodes(), queue_);
  PollReply reply = std::move(waiting_poll_);
  waiting_poll_ = nullptr;
  poll_timer_.cancel();
  reply(std::move(body));
}

void LongPollSession::close(std::uint16_t, ExitReason reason) {
  end(reason);
  loop_.destroy_later(id_);
}

// The client learns the session is gone from its next request (410); a waiting poll learns now.
void LongPollSession::end(ExitReason reason) {
  if (ended_) return;
  ended_ = true;
  end_socket(reason);
  queue_.clear(loop_.out_nodes());
  if (waiting_poll_) answer_poll(410);
}

void LongPollSession::check_timeouts(Clock::time_point now) {
  // A session that nobody polls for 1.5 windows is abandoned (Phoenix's inactivity rule).
  auto limit = config().longpoll_window * 3 / 2;
  if (!ended_ && !waiting_poll_ && now - last_poll_ > limit) close(0, ExitReason::closed);
}

void LongPollSession::close_for_shutdown() { close(0, ExitReason::shutdown); }

}  // namespace wick::detail
