// The listener binds at once (a taken port throws), and hands accepted connections to the
// loops in turn, each on its own loop.
#include "net/listener.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <vector>

#include "net/event_loop.hpp"

namespace wick::detail {
namespace {

TEST(Listener, HandsConnectionsToTheLoopsInTurn) {
  ConnectionSettings settings;
  std::vector<std::shared_ptr<EventLoop>> loops;
  for (unsigned i = 0; i < 2; ++i) {
    loops.push_back(std::make_shared<EventLoop>(i, std::chrono::seconds(1), settings));
  }
  std::vector<unsigned> accepted_on;
  Listener listener("127.0.0.1", 0, loops, *loops[0], [&](EventLoop& loop, Connection::TcpSocket) {
    EXPECT_EQ(EventLoop::current(), nullptr);  // run by hand below
    accepted_on.push_back(loop.index());
  });
  ASSERT_NE(listener.port(), 0);
  listener.start();
  boost::asio::io_context client;
  std::vector<boost::asio::ip::tcp::socket> sockets;
  for (int i = 0; i < 3; ++i) {
    sockets.emplace_back(client);
    sockets.back().connect({boost::asio::ip::make_address("127.0.0.1"), listener.port()});
  }
  for (int round = 0; round < 50 && accepted_on.size() < 3; ++round) {
    for (auto& loop : loops) {
      loop->io().restart();
      loop->io().poll();
    }
  }
  // In turn: the first and third to loop 0, the second to loop 1 (the order they run in
  // depends on which loop is polled first).
  std::sort(accepted_on.begin(), accepted_on.end());
  EXPECT_EQ(accepted_on, (std::vector<unsigned>{0, 0, 1}));
  EXPECT_THROW(Listener("127.0.0.1", listener.port(), loops, *loops[0], nullptr),
               boost::system::system_error);
  listener.close();
}

}  // namespace
}  // namespace wick::detail
