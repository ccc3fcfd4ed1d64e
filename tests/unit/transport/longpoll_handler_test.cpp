// Long-poll requests as phoenix.js sends them, over a real HTTP connection (a socketpair) to an
// HttpSession with a long-poll mount: a GET opens a session (410 and a token), a POST carries
// messages, the next GET takes the answers; refusals keep the envelope and its statuses.
#include "transport/longpoll_handler.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <string>
#include <wick/channel.hpp>

#include "../channel/socket_parts.hpp"
#include "channel/socket_mount.hpp"
#include "net/connection.hpp"
#include "transport/http_session.hpp"
#include "transport/http_site.hpp"

namespace wick::detail {
namespace {

class EchoChannel : public Channel {
 public:
  JoinResult join(std::string_view, const json::value&) override { return JoinResult::ok(); }
};

class EchoSocket : public SocketHandler {
 public:
  EchoSocket() { channel<EchoChannel>("t:*"); }
};

struct Answer {
  std::string head;
  json::value body;
};

class LongPollHandlerTest : public ::testing::Test {
 protected:
  explicit LongPollHandlerTest(EndpointConfig config = {}) : parts_(std::move(config)) {
    site_.mounts.push_back({"/socket/websocket", "/socket/longpoll", &mount_});
    site_.fallback = [](const HttpRequest&) { return HttpResponse::json(404, {}); };
  }
  void SetUp() override {
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds_), 0);
    Connection::TcpSocket socket(parts_.loop().io());
    socket.assign(boost::asio::ip::tcp::v4(), fds_[0]);
    Connection* connection = nullptr;
    parts_.loop().add([&](std::uint64_t id) {
      auto made = std::make_unique<Connection>(parts_.loop(), id, std::move(socket));
      connection = made.get();
      return made;
    });
    connection->start(std::make_unique<HttpSession>(*connection, site_));
  }
  void TearDown() override { ::close(fds_[1]); }

  // One request, and its answer once the loop has run.
  Answer request(const std::string& method, const std::string& target, const std::string& body = "",
                 const std::string& headers = "") {
    std::string bytes = method + " " + target + " HTTP/1.1\r\nhost: localhost\r\n" + headers +
                        "content-length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    EXPECT_EQ(::send(fds_[1], bytes.data(), bytes.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(bytes.size()));
    parts_.run();
    char buffer[16384];
    ssize_t n = ::recv(fds_[1], buffer, sizeof buffer, MSG_DONTWAIT);
    std::string text = n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
    std::size_t end = text.find("\r\n\r\n");
    if (end == std::string::npos) return {text, nullptr};
    std::string payload = text.substr(end + 4);
    boost::system::error_code ec;
    json::value parsed = boost::json::parse(payload, ec);
    return {text.substr(0, end), ec ? json::value(nullptr) : parsed};
  }

  test::SocketParts parts_;
  SocketMount mount_{std::make_shared<EchoSocket>(), parts_.services};
  HttpSite site_{parts_.config, parts_.counters, parts_.loops};
  int fds_[2] = {-1, -1};
};

TEST_F(LongPollHandlerTest, AGetOpensASessionThatPostsAndPollsUse) {
  Answer opened = request("GET", "/socket/longpoll?vsn=2.0.0");
  ASSERT_TRUE(opened.body.is_object()) << opened.head;
  EXPECT_EQ(opened.body.at("status"), 410);
  std::string token(opened.body.at("token").as_string());
  EXPECT_EQ(parts_.counters.connections.load(), 1u);

  Answer posted = request("POST", "/socket/longpoll?vsn=2.0.0&token=" + token,
                          R"(["1","1","t:a","phx_join",{}])", "content-type: application/json\r\n");
  ASSERT_TRUE(posted.body.is_object()) << posted.head;
  EXPECT_EQ(posted.body.at("status"), 200);

  Answer polled = request("GET", "/socket/longpoll?vsn=2.0.0&token=" + token);
  ASSERT_TRUE(polled.body.is_object()) << polled.head;
  EXPECT_EQ(polled.body.at("status"), 200);
  ASSERT_EQ(polled.body.at("messages").as_array().size(), 1u);
  EXPECT_EQ(polled.body.at("messages").at(0),
            R"(["1","1","t:a","phx_reply",{"status":"ok","response":{}}])");
}

TEST_F(LongPollHandlerTest, RefusalsKeepTheEnvelope) {
  EXPECT_EQ(request("POST", "/socket/longpoll?vsn=2.0.0&token=forged", "[]").body.at("status"),
            410);
  EXPECT_EQ(request("GET", "/socket/longpoll?vsn=9.9.9").body.at("status"), 403);
  Answer preflight = request("OPTIONS", "/socket/longpoll", "",
                             "access-control-request-headers: content-type\r\n");
  EXPECT_NE(preflight.head.find("access-control-allow-headers: content-type"), std::string::npos);
  EXPECT_EQ(request("PUT", "/socket/longpoll").head.substr(0, 12), "HTTP/1.1 400");
  EXPECT_EQ(parts_.counters.connections.load(), 0u);
}

class FullLongPollHandlerTest : public LongPollHandlerTest {
 protected:
  static EndpointConfig full() {
    EndpointConfig config;
    config.max_connections = 0;
    return config;
  }
  FullLongPollHandlerTest() : LongPollHandlerTest(full()) {}
};

// Over the connection limit the answer is a plain 503, before the vsn is looked at.
TEST_F(FullLongPollHandlerTest, OverTheLimitIsA503WhateverTheVsn) {
  EXPECT_EQ(request("GET", "/socket/longpoll?vsn=2.0.0").head.substr(0, 12), "HTTP/1.1 503");
  EXPECT_EQ(request("GET", "/socket/longpoll?vsn=9.9.9").head.substr(0, 12), "HTTP/1.1 503");
  EXPECT_EQ(parts_.counters.refused_connections.load(), 2u);
}

}  // namespace
}  // namespace wick::detail
