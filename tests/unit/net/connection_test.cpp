// A connection over a socketpair: bytes in reach the handler (what it leaves is offered again),
// frames out are written at the end of the round, a handler can hand over to another, closing
// flushes then half-closes, and the handler hears of the end once.
#include "net/connection.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "counters.hpp"
#include "net/event_loop.hpp"

namespace wick::detail {
namespace {

struct Recording {
  std::vector<std::string> offered;
  int closed = 0;
};

// Consumes whole lines only; "upgrade\n" hands over to a handler that consumes everything.
class LineHandler : public ConnectionHandler {
 public:
  explicit LineHandler(Recording& record, bool greedy = false) : record_(record), greedy_(greedy) {}
  Consumed on_data(std::span<char> data) override {
    std::string text(data.data(), data.size());
    record_.offered.push_back(text);
    if (greedy_) return {data.size(), nullptr};
    std::size_t end = text.rfind('\n');
    std::size_t used = end == std::string::npos ? 0 : end + 1;
    if (text.substr(0, used).find("upgrade\n") != std::string::npos) {
      std::size_t upgrade = text.find("upgrade\n") + 8;
      return {upgrade, std::make_unique<LineHandler>(record_, true)};
    }
    return {used, nullptr};
  }
  void on_close() override { ++record_.closed; }
  void check_timeouts(SteadyClock::time_point, SteadyClock::duration) override {}
  void close_for_shutdown() override {}

 private:
  Recording& record_;
  bool greedy_;
};

class ConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds_), 0);
    settings_.outbound = {1 << 16};
    settings_.counters = &counters_;
    Connection::TcpSocket socket(loop_.io());
    socket.assign(boost::asio::ip::tcp::v4(), fds_[0]);
    id_ = loop_.add([&](std::uint64_t id) {
      auto connection = std::make_unique<Connection>(loop_, id, std::move(socket));
      connection_ = connection.get();
      return connection;
    });
    connection_->start(std::make_unique<LineHandler>(record_));
  }
  void TearDown() override { ::close(fds_[1]); }

  void client_writes(std::string_view bytes) {
    ASSERT_EQ(::send(fds_[1], bytes.data(), bytes.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(bytes.size()));
  }
  void run() {
    for (int i = 0; i < 20; ++i) {
      loop_.io().restart();
      loop_.io().poll();
    }
  }
  std::string client_reads() {
    char buffer[4096];
    ssize_t n = ::recv(fds_[1], buffer, sizeof buffer, MSG_DONTWAIT);
    return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
  }

  int fds_[2] = {-1, -1};
  NodeCounters counters_;
  ConnectionSettings settings_;
  Recording record_;  // outlives the loop, whose connection's handler writes to it
  EventLoop loop_{0, std::chrono::seconds(1), settings_};
  Connection* connection_ = nullptr;
  std::uint64_t id_ = 0;
};

TEST_F(ConnectionTest, OffersWhatTheHandlerLeftAgainWithTheNextBytes) {
  client_writes("one\ntw");
  run();
  client_writes("o\n");
  run();
  ASSERT_EQ(record_.offered.size(), 2u);
  EXPECT_EQ(record_.offered[0], "one\ntw");
  EXPECT_EQ(record_.offered[1], "two\n");
  EXPECT_EQ(loop_.counters().bytes_in.load(), 8u);
}

TEST_F(ConnectionTest, AHandlerHandsOverTheRestOfTheBytes) {
  client_writes("upgrade\nframes");
  run();
  ASSERT_EQ(record_.offered.size(), 2u);
  EXPECT_EQ(record_.offered[1], "frames");
  EXPECT_EQ(record_.closed, 0);  // the first handler is replaced, not closed
}

TEST_F(ConnectionTest, WritesQueuedFramesAtTheEndOfTheRound) {
  connection_->send(SharedFrame::copy_of("hello "));
  connection_->send(SharedFrame::copy_of("world"));
  EXPECT_EQ(client_reads(), "");  // nothing is written before the round ends
  run();
  EXPECT_EQ(client_reads(), "hello world");
  EXPECT_EQ(loop_.counters().bytes_out.load(), 11u);
}

TEST_F(ConnectionTest, ClosingFlushesThenHalfClosesAndDropsWhatFollows) {
  connection_->send(SharedFrame::copy_of("bye"));
  connection_->close_after_flush(SharedFrame::copy_of("!"));
  connection_->send(SharedFrame::copy_of("late"));
  run();
  EXPECT_EQ(client_reads(), "bye!");
  char byte;
  EXPECT_EQ(::recv(fds_[1], &byte, 1, MSG_DONTWAIT), 0);  // FIN
  client_writes("ignored\n");
  run();
  EXPECT_TRUE(record_.offered.empty());
}

TEST_F(ConnectionTest, TheHandlerHearsOfTheClientsCloseOnce) {
  ::shutdown(fds_[1], SHUT_WR);
  run();
  EXPECT_EQ(record_.closed, 1);
  EXPECT_EQ(loop_.find(id_), nullptr);  // destroyed after the callback
}

TEST_F(ConnectionTest, ASlowConsumerIsDisconnected) {
  std::string big(1 << 15, 'x');
  connection_->send(SharedFrame::copy_of(big));
  connection_->send(SharedFrame::copy_of(big));
  EXPECT_EQ(counters_.slow_consumer_disconnects.load(), 0u);
  connection_->send(SharedFrame::copy_of("over the limit"));
  EXPECT_EQ(counters_.slow_consumer_disconnects.load(), 1u);
  run();
  EXPECT_EQ(record_.closed, 1);
  EXPECT_EQ(loop_.find(id_), nullptr);
}

}  // namespace
}  // namespace wick::detail
