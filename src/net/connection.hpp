#pragma once
// One TCP connection, owned by one event loop for its whole life. It starts as HTTP (health,
// broadcast API, the WebSocket upgrade) and becomes a WebSocket that carries one socket.
//
// Memory: an idle connection holds only this object (see sizeof in docs/architecture.md);
// bytes of an unfinished frame or request and a fragmented message get buffers on demand.
// Reads go into the loop's shared buffer; writes are queued references to shared frames.
#include <boost/asio/basic_stream_socket.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <span>
#include <wick/socket.hpp>

#include "channel/socket_transport.hpp"
#include "net/event_loop.hpp"
#include "transport/http_request.hpp"
#include "transport/websocket_codec.hpp"

namespace wick::detail {

class SocketState;
class TlsStream;
struct Mount;

class Connection final : public LoopResident, public SocketTransport, private ws::MessageSink {
 public:
  using TcpSocket = boost::asio::basic_stream_socket<boost::asio::ip::tcp,
                                                     boost::asio::io_context::executor_type>;

  Connection(EventLoop& loop, TcpSocket socket);
  ~Connection();

  void start(std::uint64_t id);
  void send(SharedFrame frame) override;
  void close(std::uint16_t code, ExitReason reason) override;

  /// Server shutdown: a WebSocket closes with 1001 (channels terminate), anything else drops.
  void close_for_shutdown() override;
  /// Writes everything queued, in as few sendmsg calls as the socket allows.
  void flush() override;
  void check_timeouts(Clock::time_point now) override;
  SocketState* socket_state() override { return socket_.get(); }
  /// The answer to a request handled elsewhere (a long-poll GET or POST); reading resumes.
  void finish_deferred(const HttpResponse& response);

 private:
  enum class Phase : std::uint8_t { http, websocket, closing, closed };

  void arm_read();
  void on_readable();
  void consume(std::span<char> fresh);
  std::size_t process(std::span<char> data);
  std::size_t process_http(std::span<char> data);
  void handle_request(HttpRequest& request);
  void dispatch_to_route(const HttpHandler& handler, const HttpRequest& request);
  void upgrade(const HttpRequest& request, const Mount& mount);
  Peer peer() const;
  void respond(const HttpResponse& response, bool keep_alive);

  bool on_message(bool binary, std::string_view data) override;
  bool on_ping(std::string_view data) override;
  bool on_close(std::uint16_t code, std::string_view reason) override;

  void end_socket(ExitReason reason);
  void start_closing(std::optional<SharedFrame> close_frame);
  void fail_later(ExitReason reason);
  void abort();
  bool consume_tls(std::span<char> ciphertext);
  void flush_tls();
  void send_failed();
  void half_close_if_closing();
  void request_flush();
  void wait_writable();
  void drop_queued(std::size_t bytes);

  EventLoop& loop_;
  TcpSocket tcp_;
  std::uint64_t id_ = 0;
  std::unique_ptr<SocketState> socket_;
  std::unique_ptr<std::string> pending_;     // unfinished frame or request bytes
  std::unique_ptr<HttpRequestReader> http_;  // while a request is being read
  std::unique_ptr<TlsStream> tls_;           // on a TLS endpoint
  ws::Fragments fragments_;
  OutNode* out_head_ = nullptr;
  OutNode* out_tail_ = nullptr;
  std::size_t out_bytes_ = 0;
  std::uint32_t head_offset_ = 0;  // bytes of the head frame already written
  EventLoop::Clock::time_point last_activity_;
  Phase phase_ = Phase::http;
  bool socket_ended_ = false;
  bool close_queued_ = false;
  bool half_closed_ = false;
  bool tls_shut_down_ = false;
  bool flush_scheduled_ = false;
  bool waiting_writable_ = false;
  bool awaiting_response_ = false;  // a deferred answer is due; later requests wait for it
  bool deferred_keep_alive_ = false;
};

}  // namespace wick::detail
