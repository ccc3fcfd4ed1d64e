#pragma once
// One TCP connection, owned by one event loop for its whole life: the descriptor, TLS, reads
// into the loop's shared buffer (only an unfinished tail is kept), the bounded outbound queue
// written with sendmsg, the close handshake's half-close and grace period. What the bytes mean
// is its handler's business (HTTP, then perhaps a WebSocket: see transport/).
//
// Memory: an idle connection holds this object and its handler (sizeof in
// docs/architecture.md); the bytes of an unfinished frame or request get a buffer on demand.
#include <boost/asio/basic_stream_socket.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "net/connection_handler.hpp"
#include "net/event_loop.hpp"
#include "net/outbound_queue.hpp"
#include "net/peer.hpp"

namespace wick::detail {

class TlsStream;

class Connection final : public LoopResident {
 public:
  using TcpSocket = boost::asio::basic_stream_socket<boost::asio::ip::tcp,
                                                     boost::asio::io_context::executor_type>;

  /// Resident `id` of `loop` (see EventLoop::add); reads and writes with the loop's
  /// ConnectionSettings.
  Connection(EventLoop& loop, std::uint64_t id, TcpSocket socket);
  ~Connection() override;

  /// Starts reading; `handler` gets the bytes.
  void start(std::unique_ptr<ConnectionHandler> handler);

  /// Queues bytes for the client; they go out at the end of the loop's round. Dropped once the
  /// connection is closing. A queue over its bound disconnects the client (slow consumer).
  void send(SharedFrame frame);
  /// Sends what is queued, half-closes, and waits (briefly) for the client's FIN; whatever the
  /// client still sends is read and dropped. `last` is queued first (a close frame, say).
  void close_after_flush(std::optional<SharedFrame> last = std::nullopt);
  /// Closes the descriptor now; the connection is destroyed after the current callback.
  void abort();
  /// Offers the bytes the handler left unconsumed again (it was waiting for something, such
  /// as a deferred HTTP answer, before reading on). Never from inside the handler's on_data:
  /// call it from a callback of its own. The handler may be replaced (a pipelined upgrade), so
  /// the caller must not touch itself afterwards.
  void resume();

  EventLoop& loop() const { return loop_; }
  /// The id its loop knows it by (a handle to it that may outlive it).
  std::uint64_t id() const { return id_; }
  /// The protocol spoken on it now.
  ConnectionHandler* handler() const { return handler_.get(); }
  /// The client's address and port (empty once the descriptor is gone).
  Peer peer() const;
  /// Closing or closed: nothing more is sent, and what the client sends is dropped.
  bool closing() const { return phase_ != Phase::open; }

  /// Writes everything queued, in as few sendmsg calls as the socket allows.
  void flush() override;
  void check_timeouts(Clock::time_point now) override;
  void close_for_shutdown() override;

 private:
  enum class Phase : std::uint8_t { open, closing, closed };

  void arm_read();
  void on_readable();
  bool consume_tls(std::span<char> ciphertext);
  void consume(std::span<char> fresh);
  std::size_t offer(std::span<char> data);
  void end();
  void fail_later();
  void flush_plain();
  void flush_tls();
  void send_failed();
  void half_close_if_closing();
  void request_flush();
  void wait_writable();

  // What queueing a frame reads and writes comes first, on one cache line: a broadcast touches
  // every subscriber's connection, and 5,000 of them do not fit in a core's cache.
  EventLoop& loop_;
  OutboundQueue queue_;
  std::unique_ptr<TlsStream> tls_;  // on a TLS endpoint
  Phase phase_ = Phase::open;
  bool ended_ = false;  // the handler was told
  bool half_closed_ = false;
  bool tls_shut_down_ = false;
  bool flush_scheduled_ = false;
  bool waiting_writable_ = false;
  const std::uint64_t id_;
  std::unique_ptr<ConnectionHandler> handler_;
  std::unique_ptr<std::string> pending_;  // unfinished frame or request bytes
  // When the client last sent anything (the handler's idle time); once closing, when closing
  // began (the grace period's start).
  Clock::time_point last_read_;
  TcpSocket tcp_;
};

}  // namespace wick::detail
