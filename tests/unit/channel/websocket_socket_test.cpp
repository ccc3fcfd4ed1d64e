// A WebSocket session carrying its socket on a real connection (a socketpair), with the channel
// handles that cross threads: ChannelRef reaches handle_info, a ReplyHandle answers later, and
// both find nothing once the client has gone.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <optional>
#include <string>
#include <thread>
#include <vector>
#include <wick/channel.hpp>

#include "../transport/client_frames.hpp"
#include "channel/carried_socket.hpp"
#include "channel/socket_lookup.hpp"
#include "channel/socket_mount.hpp"
#include "net/connection.hpp"
#include "socket_parts.hpp"

namespace wick::detail {
namespace {

// What the test's channel hands out, for the test to use from outside the loop.
struct Handles {
  std::optional<ChannelRef> self;
  std::optional<ReplyHandle> reply;
};
Handles handles;

class HandleChannel : public Channel {
 public:
  JoinResult join(std::string_view, const json::value&) override { return JoinResult::ok(); }
  Reply handle_in(std::string_view event, const Payload&) override {
    if (event == "self") handles.self = self();
    if (event == "later") handles.reply = defer_reply();
    return Reply::none();
  }
  void handle_info(const json::value& message) override { push("info", {{"got", message}}); }
};

class HandleSocket : public SocketHandler {
 public:
  HandleSocket() { channel<HandleChannel>("t:*"); }
};

// The payloads of the server's (unmasked, short) frames in `bytes`.
std::vector<std::string> server_messages(const std::string& bytes) {
  std::vector<std::string> messages;
  std::size_t at = 0;
  while (at + 2 <= bytes.size()) {
    std::size_t length = static_cast<unsigned char>(bytes[at + 1]) & 0x7F;
    std::size_t header = 2;
    if (length == 126) {
      length = (static_cast<unsigned char>(bytes[at + 2]) << 8) |
               static_cast<unsigned char>(bytes[at + 3]);
      header = 4;
    }
    messages.push_back(bytes.substr(at + header, length));
    at += header + length;
  }
  return messages;
}

class WebSocketSocketTest : public ::testing::Test {
 protected:
  void SetUp() override {
    handles = {};
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds_), 0);
    Connection::TcpSocket socket(parts_.loop().io());
    socket.assign(boost::asio::ip::tcp::v4(), fds_[0]);
    Connection* connection = nullptr;
    id_ = parts_.loop().add([&](std::uint64_t id) {
      auto made = std::make_unique<Connection>(parts_.loop(), id, std::move(socket));
      connection = made.get();
      return made;
    });
    Connection& raw = *connection;
    json::object params;
    ConnectInfo info;
    Admitted<WebSocketSession> admitted =
        mount_.accept_websocket({params, info, SerializerVersion::v2}, raw);
    ASSERT_TRUE(admitted.session);
    raw.start(std::move(admitted.session));
  }
  void TearDown() override {
    handles = {};
    ::close(fds_[1]);
  }

  void client_sends(const std::string& text) {
    std::string frame = test::client_frame(0x1, text);
    ASSERT_EQ(::send(fds_[1], frame.data(), frame.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(frame.size()));
    parts_.run();
  }
  std::vector<std::string> client_reads() {
    char buffer[8192];
    ssize_t n = ::recv(fds_[1], buffer, sizeof buffer, MSG_DONTWAIT);
    return n > 0 ? server_messages(std::string(buffer, static_cast<std::size_t>(n)))
                 : std::vector<std::string>{};
  }

  int fds_[2] = {-1, -1};
  test::SocketParts parts_;
  SocketMount mount_{std::make_shared<HandleSocket>(), parts_.services};
  std::uint64_t id_ = 0;
};

TEST_F(WebSocketSocketTest, HandlesReachTheChannelFromOtherThreads) {
  client_sends(R"(["1","1","t:a","phx_join",{}])");
  EXPECT_EQ(client_reads(), std::vector<std::string>{
                                R"(["1","1","t:a","phx_reply",{"status":"ok","response":{}}])"});
  client_sends(R"(["1","2","t:a","self",{}])");
  client_sends(R"(["1","3","t:a","later",{}])");
  ASSERT_TRUE(handles.self && handles.reply);
  std::thread([] {
    handles.self->send({{"n", 1}});
    handles.reply->send(Reply::ok({{"done", true}}));
  }).join();
  parts_.run();
  EXPECT_EQ(client_reads(),
            (std::vector<std::string>{
                R"(["1",null,"t:a","info",{"got":{"n":1}}])",
                R"(["1","3","t:a","phx_reply",{"status":"ok","response":{"done":true}}])"}));
  EXPECT_NE(find_socket(parts_.loop(), id_), nullptr);
}

TEST_F(WebSocketSocketTest, HandlesFindNothingOnceTheClientHasGone) {
  client_sends(R"(["1","1","t:a","phx_join",{}])");
  client_sends(R"(["1","2","t:a","self",{}])");
  client_reads();
  ::shutdown(fds_[1], SHUT_WR);  // the client is gone
  parts_.run();
  EXPECT_EQ(find_socket(parts_.loop(), id_), nullptr);
  EXPECT_EQ(parts_.counters.connections.load(), 0u);
  EXPECT_EQ(parts_.pubsub->subscription_count(), 0u);
  ASSERT_TRUE(handles.self);
  handles.self->send({{"n", 2}});  // nothing to reach, nothing breaks
  parts_.run();
}

}  // namespace
}  // namespace wick::detail
