#include "transport/websocket_session.hpp"

#include "net/connection.hpp"

namespace wick::detail {

// Receives what the codec finds in one read, on the stack: the session spends no bytes on it.
class WebSocketSession::Frames final : public ws::MessageSink {
 public:
  explicit Frames(WebSocketSession& session) : session_(session) {}

  bool on_message(bool binary, std::string_view data) override {
    DecodeError error = session_.deliver(binary, data);
    if (error == DecodeError::malformed) {
      session_.close(ws::close_code::invalid_payload, ExitReason::closed);
    } else if (error == DecodeError::unsupported) {
      session_.close(ws::close_code::unsupported_data, ExitReason::closed);
    }
    return !session_.connection_.closing();
  }

  bool on_ping(std::string_view data) override {
    session_.send(ws::make_frame(ws::Opcode::pong, data));
    return true;
  }

  // The client closes: answer with its code (RFC 6455 §5.5.1) and wait for its FIN.
  bool on_close(std::uint16_t code, std::string_view) override {
    session_.end(ExitReason::closed);
    session_.send_close(code == ws::close_code::no_status ? ws::make_frame(ws::Opcode::close, {})
                                                          : ws::make_close_frame(code));
    return false;
  }

 private:
  WebSocketSession& session_;
};

Consumed WebSocketSession::on_data(std::span<char> data) {
  Frames frames(*this);
  ws::ParseResult result = ws::parse_frames(data, config().max_message_bytes, fragments_, frames);
  if (result.error && !connection_.closing()) {
    count_up(result.error == ws::close_code::message_too_big
                 ? counters().limit_disconnects
                 : counters().protocol_error_disconnects);
    close(result.error, ExitReason::closed);
  }
  return {connection_.closing() ? data.size() : result.consumed, nullptr};
}

void WebSocketSession::check_timeouts(SteadyClock::time_point, SteadyClock::duration idle) {
  if (idle > config().idle_timeout) {
    count_up(counters().heartbeat_timeout_disconnects);
    close(ws::close_code::going_away, ExitReason::closed);
  }
}

void WebSocketSession::close_for_shutdown() {
  close(ws::close_code::service_restart, ExitReason::shutdown);
}

void WebSocketSession::send(SharedFrame frame) {
  if (connection_.closing() || !frame) return;
  add_single_writer(connection_.loop().counters().messages_out, 1);
  connection_.send(std::move(frame));
}

void WebSocketSession::close(std::uint16_t code, ExitReason reason) {
  if (connection_.closing()) return;
  end(reason);
  send_close(ws::make_close_frame(code));
}

// The close frame is the last: the connection flushes, half-closes and waits for the FIN.
void WebSocketSession::send_close(SharedFrame frame) {
  add_single_writer(connection_.loop().counters().messages_out, 1);
  connection_.close_after_flush(std::move(frame));
}

void WebSocketSession::end(ExitReason reason) {
  if (ended_) return;
  ended_ = true;
  end_socket(reason);
}

}  // namespace wick::detail
