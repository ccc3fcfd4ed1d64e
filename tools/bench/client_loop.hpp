#pragma once
// The load generator's engine: many WebSocket client connections in one epoll loop per process,
// each with a few dozen bytes of state. It connects (optionally from several 127.0.0.x source
// addresses), upgrades, greets and answers pings as its Protocol says, writes masked text frames,
// and hands every other server text frame to the scenario.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol.hpp"

namespace bench {

std::int64_t now_ns();

struct Endpoint {
  std::string host = "127.0.0.1";
  /// Connection i goes to ports[i % size]: several nodes of a cluster, round robin.
  std::vector<int> ports{4000};
  int source_ips = 1;  // bind client sockets to 127.0.0.1 .. 127.0.0.K
  /// Connect as user "u<i>" (user_id=u<i> in the query): a server that names its sockets
  /// after their users (wick-rooms) gives each one an id.
  bool user_ids = false;
};

struct BenchConnection {
  enum class State : std::uint8_t { connecting, upgrading, greeting, open, closed };
  int fd = -1;
  State state = State::connecting;
  bool joined = false;
  std::string pending;  // bytes of an unfinished frame or response
  std::string unsent;   // bytes the socket would not take yet
};

class ClientLoop {
 public:
  /// A server text frame on connection `index`.
  using OnText = std::function<void(std::size_t index, std::string_view text)>;

  ClientLoop(Endpoint endpoint, const Protocol& protocol);
  ~ClientLoop();

  /// Opens connections [first, first + count) (global numbers pick the source address), at most
  /// `concurrent` handshakes at a time; returns when all are open or failed. Returns how many
  /// failed.
  std::size_t open(std::size_t first, std::size_t count, std::size_t concurrent);
  /// Sends a text frame (masked, as a client must).
  void send(std::size_t index, std::string_view text);
  /// Runs until `done()` or `deadline_ns`, calling `tick()` after every wake-up (at least every
  /// millisecond) and `on_text` for each frame.
  void run(const OnText& on_text, const std::function<bool()>& done,
           const std::function<void()>& tick, std::int64_t deadline_ns);

  std::size_t size() const { return connections_.size(); }
  BenchConnection& at(std::size_t index) { return connections_[index]; }
  std::size_t closed() const { return closed_; }

 private:
  void start_connect(std::size_t index, std::size_t global);
  void on_event(std::size_t index, std::uint32_t events, const OnText& on_text);
  void read_frames(std::size_t index, const OnText& on_text);
  void flush(std::size_t index);
  void fail(std::size_t index);

  Endpoint endpoint_;
  const Protocol& protocol_;
  int epoll_ = -1;
  std::vector<BenchConnection> connections_;
  std::vector<std::string> requests_;  // the upgrade request of a connection still connecting
  std::size_t closed_ = 0;
  std::vector<char> buffer_;
};

}  // namespace bench
