#include "client_loop.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <stdexcept>

namespace bench {

std::int64_t now_ns() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

ClientLoop::ClientLoop(Endpoint endpoint, const Protocol& protocol)
    : endpoint_(std::move(endpoint)),
      protocol_(protocol),
      epoll_(epoll_create1(EPOLL_CLOEXEC)),
      buffer_(1 << 20) {
  if (epoll_ < 0) throw std::runtime_error("epoll_create1 failed");
}

ClientLoop::~ClientLoop() {
  for (auto& connection : connections_) {
    if (connection.fd >= 0) ::close(connection.fd);
  }
  ::close(epoll_);
}

void ClientLoop::start_connect(std::size_t index, std::size_t global) {
  BenchConnection& connection = connections_[index];
  connection.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (connection.fd < 0) return fail(index);
  int one = 1;
  setsockopt(connection.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (endpoint_.source_ips > 1) {
    sockaddr_in source{};
    source.sin_family = AF_INET;
    source.sin_addr.s_addr =
        htonl(0x7F000001u + static_cast<std::uint32_t>(global % endpoint_.source_ips));
    // The port is chosen at connect(), for the whole 4-tuple: binding it here would draw from
    // one range shared by every destination, and slow down as earlier runs' TIME_WAITs pile up.
    setsockopt(connection.fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    if (::bind(connection.fd, reinterpret_cast<sockaddr*>(&source), sizeof source) != 0) {
      return fail(index);
    }
  }
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port =
      htons(static_cast<std::uint16_t>(endpoint_.ports[global % endpoint_.ports.size()]));
  inet_pton(AF_INET, endpoint_.host.c_str(), &server.sin_addr);
  if (::connect(connection.fd, reinterpret_cast<sockaddr*>(&server), sizeof server) != 0 &&
      errno != EINPROGRESS) {
    return fail(index);
  }
  std::string target = protocol_.upgrade_target();
  if (endpoint_.user_ids) target += "&user_id=u" + std::to_string(global);
  requests_[index] = "GET " + target + " HTTP/1.1\r\nHost: " + endpoint_.host +
                     "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Key: d2ljay1iZW5jaC1rZXkhIQ==\r\n"
                     "Sec-WebSocket-Version: 13\r\n\r\n";
  epoll_event event{};
  event.events = EPOLLIN | EPOLLOUT | EPOLLET;
  event.data.u64 = index;
  epoll_ctl(epoll_, EPOLL_CTL_ADD, connection.fd, &event);
}

std::size_t ClientLoop::open(std::size_t first, std::size_t count, std::size_t concurrent) {
  std::size_t base = connections_.size();
  connections_.resize(base + count);
  requests_.resize(base + count);
  std::size_t started = 0;
  auto in_handshake = [&] {
    std::size_t n = 0;
    for (std::size_t i = base; i < base + started; ++i) {
      auto state = connections_[i].state;
      n += state == BenchConnection::State::connecting ||
           state == BenchConnection::State::upgrading || state == BenchConnection::State::greeting;
    }
    return n;
  };
  std::size_t busy = 0;
  auto ignore = [](std::size_t, std::string_view) {};
  while (started < count || busy > 0) {
    while (started < count && busy < concurrent) {
      start_connect(base + started, first + started);
      ++started;
      ++busy;
    }
    run(
        ignore, [] { return false; }, [] {}, now_ns() + 1'000'000);
    busy = in_handshake();
  }
  requests_.clear();
  requests_.shrink_to_fit();
  std::size_t failed = 0;
  for (std::size_t i = base; i < base + count; ++i) {
    failed += connections_[i].state != BenchConnection::State::open;
  }
  return failed;
}

void ClientLoop::send(std::size_t index, std::string_view text) {
  BenchConnection& connection = connections_[index];
  if (connection.state != BenchConnection::State::open &&
      connection.state != BenchConnection::State::greeting) {
    return;
  }
  std::string frame;
  frame.reserve(text.size() + 14);
  frame.push_back(static_cast<char>(0x81));
  if (text.size() < 126) {
    frame.push_back(static_cast<char>(0x80 | text.size()));
  } else if (text.size() < 65536) {
    frame.push_back(static_cast<char>(0x80 | 126));
    frame.push_back(static_cast<char>(text.size() >> 8));
    frame.push_back(static_cast<char>(text.size() & 0xFF));
  } else {
    frame.push_back(static_cast<char>(0x80 | 127));
    for (int shift = 56; shift >= 0; shift -= 8) {
      frame.push_back(static_cast<char>((text.size() >> shift) & 0xFF));
    }
  }
  // An all-zero masking key is a valid key (RFC 6455 §5.3), and leaves the payload as it is.
  frame.append(4, '\0');
  frame.append(text);
  connection.unsent.append(frame);
  flush(index);
}

void ClientLoop::flush(std::size_t index) {
  BenchConnection& connection = connections_[index];
  while (!connection.unsent.empty()) {
    ssize_t n =
        ::send(connection.fd, connection.unsent.data(), connection.unsent.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;  // EPOLLOUT (edge) resumes it
      return fail(index);
    }
    connection.unsent.erase(0, static_cast<std::size_t>(n));
  }
}

void ClientLoop::fail(std::size_t index) {
  BenchConnection& connection = connections_[index];
  if (connection.state == BenchConnection::State::closed) return;
  if (connection.fd >= 0) ::close(connection.fd);
  connection.fd = -1;
  connection.state = BenchConnection::State::closed;
  ++closed_;
}

void ClientLoop::run(const OnText& on_text, const std::function<bool()>& done,
                     const std::function<void()>& tick, std::int64_t deadline_ns) {
  epoll_event events[256];
  while (!done() && now_ns() < deadline_ns) {
    int n = epoll_wait(epoll_, events, 256, 1);
    for (int i = 0; i < n; ++i) on_event(events[i].data.u64, events[i].events, on_text);
    tick();
  }
}

void ClientLoop::on_event(std::size_t index, std::uint32_t events, const OnText& on_text) {
  BenchConnection& connection = connections_[index];
  if (connection.state == BenchConnection::State::closed) return;
  if (connection.state == BenchConnection::State::connecting) {
    int error = 0;
    socklen_t length = sizeof error;
    getsockopt(connection.fd, SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) return fail(index);
    if (!(events & EPOLLOUT)) return;
    connection.state = BenchConnection::State::upgrading;
    connection.unsent = std::move(requests_[index]);
    flush(index);
  }
  if (events & EPOLLOUT) flush(index);
  if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) read_frames(index, on_text);
}

void ClientLoop::read_frames(std::size_t index, const OnText& on_text) {
  BenchConnection& connection = connections_[index];
  for (;;) {
    ssize_t n = ::recv(connection.fd, buffer_.data(), buffer_.size(), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n <= 0) return fail(index);
    // Frames are read in place from the loop's buffer; a connection keeps bytes only for a
    // frame that is not complete yet (presence states run to hundreds of kilobytes).
    std::string_view data(buffer_.data(), static_cast<std::size_t>(n));
    if (!connection.pending.empty()) {
      connection.pending.append(data);
      data = connection.pending;
    }
    std::size_t used = 0;
    if (connection.state == BenchConnection::State::upgrading) {
      std::size_t end = data.find("\r\n\r\n");
      if (end == std::string_view::npos) {
        if (connection.pending.empty()) connection.pending.assign(data);
        continue;
      }
      if (!data.starts_with("HTTP/1.1 101")) return fail(index);
      used = end + 4;
      std::string greeting = protocol_.greeting();
      connection.state =
          greeting.empty() ? BenchConnection::State::open : BenchConnection::State::greeting;
      if (!greeting.empty()) send(index, greeting);
    }
    std::size_t awaited = 0;  // the size of the unfinished frame, once its header is in
    while (data.size() - used >= 2) {
      auto byte = [&](std::size_t at) { return static_cast<unsigned char>(data[used + at]); };
      std::uint64_t length = byte(1) & 0x7F;
      std::size_t header = 2;
      if (length == 126) {
        if (data.size() - used < 4) break;
        length = (static_cast<std::uint64_t>(byte(2)) << 8) | byte(3);
        header = 4;
      } else if (length == 127) {
        if (data.size() - used < 10) break;
        length = 0;
        for (int i = 0; i < 8; ++i) length = (length << 8) | byte(2 + i);
        header = 10;
      }
      if (data.size() - used < header + length) {
        awaited = header + length;
        break;
      }
      unsigned opcode = byte(0) & 0x0F;
      std::string_view payload = data.substr(used + header, length);
      used += header + length;
      if (opcode == 0x1) {
        std::string answer = protocol_.answer(payload);
        if (!answer.empty()) {
          send(index, answer);
        } else if (connection.state == BenchConnection::State::greeting) {
          if (protocol_.is_greeted(payload)) connection.state = BenchConnection::State::open;
        } else {
          on_text(index, payload);
        }
      }
      if (opcode == 0x8) return fail(index);  // the server closed
      if (connection.state == BenchConnection::State::closed) return;
    }
    if (used == data.size()) {
      std::string().swap(connection.pending);
    } else if (connection.pending.empty()) {
      // Sized once for the whole frame: growing by doubling would copy it and touch twice
      // the memory.
      connection.pending.reserve(awaited);
      connection.pending.assign(data.substr(used));
    } else {
      connection.pending.erase(0, used);
    }
    if (static_cast<std::size_t>(n) < buffer_.size()) return;
  }
}

}  // namespace bench
