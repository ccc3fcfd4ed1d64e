#include "transport/longpoll_session.hpp"

#include "channel/socket_state.hpp"
#include "endpoint_core.hpp"
#include "log.hpp"
#include "net/event_loop.hpp"
#include "protocol/json_text.hpp"
#include "transport/longpoll_handler.hpp"

namespace wick::detail {

LongPollSession::LongPollSession(EventLoop& loop)
    : loop_(loop), poll_timer_(loop.io()), last_poll_(Clock::now()) {}

LongPollSession::~LongPollSession() { end(ExitReason::closed); }

void LongPollSession::start(std::uint64_t id, std::string token,
                            std::unique_ptr<SocketState> socket) {
  id_ = id;
  token_ = std::move(token);
  socket_ = std::move(socket);
  count_up(loop_.core().counters.connections);
}

void LongPollSession::poll(HttpResponder respond) {
  last_poll_ = Clock::now();
  if (waiting_poll_) answer_poll(204);
  waiting_poll_ = std::move(respond);
  std::uint32_t poll = ++polls_;
  if (!buffer_.empty()) return answer_poll(200);
  poll_timer_.expires_after(loop_.core().config.longpoll_window);
  poll_timer_.async_wait([loop = &loop_, id = id_, poll](boost::system::error_code ec) {
    if (ec) return;
    auto* session = loop->find_as<LongPollSession>(id);
    if (session && session->waiting_poll_ && session->polls_ == poll) session->answer_poll(204);
  });
}

int LongPollSession::publish(const std::vector<LongPollMessage>& messages) {
  for (const LongPollMessage& message : messages) {
    if (ended_) return 410;
    if (socket_->handle_frame(message.binary, message.data) != DecodeError::none) return 400;
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
  buffered_bytes_ += frame.payload().size();
  buffer_.push_back(std::move(frame));
  const EndpointConfig& config = loop_.core().config;
  if (buffer_.size() > config.longpoll_max_buffered_messages ||
      buffered_bytes_ > config.max_outbound_bytes) {
    count_up(loop_.core().counters.slow_consumer_disconnects);
    log::warn("closing a long-poll session: its buffer is over the limit");
    overflowed_ = true;
    // Not now: the caller may be walking a subscriber list.
    return loop_.post_to_socket(
        id_, [](SocketState& socket) { socket.transport().close(1008, ExitReason::closed); });
  }
  // Messages of one round go out together in one poll answer.
  if (waiting_poll_ && !flush_scheduled_) {
    flush_scheduled_ = true;
    loop_.schedule_flush(id_);
  }
}

void LongPollSession::flush() {
  flush_scheduled_ = false;
  if (waiting_poll_ && !buffer_.empty()) answer_poll(200);
}

std::string poll_answer(int status, std::string_view token, std::vector<SharedFrame>& buffer) {
  std::string body = "{\"status\":" + std::to_string(status) + ",\"token\":";
  append_json_string(body, token);
  body += ",\"messages\":[";
  if (status == 200) {
    for (std::size_t i = 0; i < buffer.size(); ++i) {
      if (i) body.push_back(',');
      append_json_string(body, buffer[i].payload());
    }
    buffer.clear();
  }
  body += "]}";
  return body;
}

void LongPollSession::answer_poll(int status) {
  if (!waiting_poll_) return;
  std::string body = poll_answer(status, token_, buffer_);
  if (buffer_.empty()) buffered_bytes_ = 0;
  HttpResponder respond = std::move(*waiting_poll_);
  waiting_poll_.reset();
  poll_timer_.cancel();
  respond_longpoll(respond, std::move(body));
}

void LongPollSession::close(std::uint16_t, ExitReason reason) {
  end(reason);
  loop_.destroy_later(id_);
}

// The client learns the session is gone from its next request (410); a waiting poll learns now.
void LongPollSession::end(ExitReason reason) {
  if (ended_ || !socket_) return;
  ended_ = true;
  if (socket_) socket_->close_all(reason);
  buffer_.clear();
  if (waiting_poll_) answer_poll(410);
  count_down(loop_.core().counters.connections);
}

void LongPollSession::check_timeouts(Clock::time_point now) {
  // A session that nobody polls for 1.5 windows is abandoned (Phoenix's inactivity rule).
  auto limit = loop_.core().config.longpoll_window * 3 / 2;
  if (!ended_ && !waiting_poll_ && now - last_poll_ > limit) close(0, ExitReason::closed);
}

void LongPollSession::close_for_shutdown() { close(0, ExitReason::shutdown); }

}  // namespace wick::detail
