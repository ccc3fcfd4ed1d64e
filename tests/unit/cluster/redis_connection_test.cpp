// RedisConnection against a real redis-server (Debian's), started on a free loopback port with
// a password and stopped at the end: the handshake, refusals, publish and subscribe.
#include "cluster/redis_connection.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/loopback.hpp"

extern char** environ;

namespace wick::detail {
namespace {

using wick::testing::accepts;
using wick::testing::free_port;

class RedisConnectionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = free_port();
    std::string port = std::to_string(port_);
    std::vector<std::string> args{
        "redis-server", "--port", port,           "--bind", "127.0.0.1",  "--requirepass", "pw",
        "--save",       "",       "--appendonly", "no",     "--loglevel", "warning"};
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t quiet;  // its start-up banner is not the test's output
    posix_spawn_file_actions_init(&quiet);
    posix_spawn_file_actions_addopen(&quiet, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    int spawned = posix_spawnp(&pid_, "redis-server", &quiet, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&quiet);
    ASSERT_EQ(spawned, 0);
    for (int i = 0; i < 500 && !accepts(port_); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_TRUE(accepts(port_)) << "redis-server did not start";
  }
  static void TearDownTestSuite() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }

  RedisAddress address(std::string password = "pw") const {
    RedisAddress address;
    address.host = "127.0.0.1";
    address.port = port_;
    address.password = std::move(password);
    return address;
  }
  // Runs the loop until `done` holds, for at most 3 s.
  template <class Done>
  void run_until(Done done) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      io.run_for(std::chrono::milliseconds(10));
      io.restart();
    }
  }

  static inline std::uint16_t port_ = 0;
  static inline pid_t pid_ = 0;
  boost::asio::io_context io;
  bool up = false;
  std::optional<std::string> down;
  std::vector<std::string> messages;
  std::vector<std::string> subscriptions;

  RedisConnection::Events events() {
    return {[this] { up = true; }, [this](const std::string& reason) { down = reason; },
            [this](std::string_view channel, std::string_view message) {
              messages.push_back(std::string(channel) + " " + std::string(message));
            },
            [this](std::string_view channel, bool subscribed) {
              subscriptions.push_back((subscribed ? "+" : "-") + std::string(channel));
            }};
  }
};

TEST_F(RedisConnectionTest, ComesUpAfterAuthAndPublishesToASubscriber) {
  RedisConnection subscriber(io, address(), events());
  run_until([&] { return up || down; });
  ASSERT_TRUE(up) << down.value_or("");
  subscriber.subscribe("news");
  run_until([&] { return !subscriptions.empty(); });
  ASSERT_EQ(subscriptions, std::vector<std::string>{"+news"});

  bool publisher_up = false;
  RedisConnection publisher(io, address(), {[&] { publisher_up = true; }, [](auto&) {}, {}, {}});
  run_until([&] { return publisher_up; });
  ASSERT_TRUE(publisher_up);
  std::string binary("a\0b\xff", 4);
  for (const std::string& message : {std::string("one"), std::string("two"), binary}) {
    publisher.publish("news", message);
  }
  EXPECT_EQ(publisher.publishes_in_flight(), 3u);
  run_until([&] { return messages.size() == 3 && publisher.publishes_in_flight() == 0; });
  EXPECT_EQ(messages, (std::vector<std::string>{"news one", "news two", "news " + binary}));
  EXPECT_EQ(publisher.publishes_in_flight(), 0u);

  subscriber.unsubscribe("news");
  run_until([&] { return subscriptions.size() == 2; });
  EXPECT_EQ(subscriptions.back(), "-news");
  EXPECT_FALSE(down);
}

TEST_F(RedisConnectionTest, AWrongPasswordIsRefusedWithRedisWords) {
  RedisConnection connection(io, address("wrong"), events());
  run_until([&] { return up || down; });
  EXPECT_FALSE(up);
  ASSERT_TRUE(down);
  EXPECT_NE(down->find("Redis refused AUTH: WRONGPASS"), std::string::npos) << *down;
}

TEST_F(RedisConnectionTest, NoPasswordIsRefusedAtThePing) {
  RedisConnection connection(io, address(""), events());
  run_until([&] { return up || down; });
  ASSERT_TRUE(down);
  EXPECT_NE(down->find("NOAUTH"), std::string::npos) << *down;
}

TEST_F(RedisConnectionTest, NothingListeningIsConnectionRefused) {
  RedisAddress nowhere = address();
  nowhere.port = free_port();
  RedisConnection connection(io, nowhere, events());
  run_until([&] { return down.has_value(); });
  ASSERT_TRUE(down);
  EXPECT_EQ(*down, "Connection refused");
}

TEST_F(RedisConnectionTest, CommandsAnswerInOrderAndADestroyedConnectionSaysNothing) {
  std::vector<std::string> answers;
  {
    RedisConnection connection(io, address(), events());
    for (const char* value : {"1", "2", "3"}) {
      connection.command({"ECHO", value}, [&](const redisReply* reply) {
        answers.push_back(reply ? "answered" : "lost");
      });
    }
    run_until([&] { return answers.size() == 3; });
    connection.command({"ECHO", "never"}, [&](const redisReply*) { answers.push_back("late"); });
  }  // destroyed with a command in flight: no callback, no event
  io.run_for(std::chrono::milliseconds(50));
  EXPECT_EQ(answers, (std::vector<std::string>{"answered", "answered", "answered"}));
  EXPECT_FALSE(down);
}

}  // namespace
}  // namespace wick::detail
