#pragma once
// One connection to Redis through hiredis's async API, driven by an event loop's io_context:
// no thread ever waits on Redis. It connects, authenticates, selects the database and checks
// with a PING, then says it is up; when that fails, or the connection is lost later, it says
// so once, with the reason, and is done: its owner builds a new one to reconnect.
//
// Commands are written in the order given; those of one round of the loop leave together
// (hiredis buffers them until the socket is writable), which pipelines them. Events run
// inside hiredis: an owner must not destroy the connection from one (post that instead).
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cluster/redis_url.hpp"

struct redisAsyncContext;
struct redisReply;

namespace wick::detail {

class RedisConnection {
 public:
  struct Events {
    std::function<void()> up;
    /// Once: the connect failed, Redis refused AUTH or SELECT, or the connection was lost.
    std::function<void(const std::string& reason)> down;
    /// A message of a subscribed channel.
    std::function<void(std::string_view channel, std::string_view message)> message;
    /// Redis confirmed a subscribe (true) or an unsubscribe (false).
    std::function<void(std::string_view channel, bool subscribed)> subscription;
  };
  /// The reply to a command; null when the connection ended before it came.
  using Done = std::function<void(const redisReply* reply)>;

  /// Starts connecting at once; events come on `io`'s thread, where every call must be made.
  RedisConnection(boost::asio::io_context& io, const RedisAddress& address, Events events);
  /// Closes at once; no event comes after.
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  bool is_up() const { return up_; }
  void command(const std::vector<std::string>& arguments, Done done);
  /// A PUBLISH whose reply only counts: no allocation per message.
  void publish(std::string_view channel, std::string_view message);
  /// Only after the connection is up (hiredis treats every reply as a subscription's once a
  /// SUBSCRIBE is written, AUTH's included).
  void subscribe(std::string_view channel);
  void unsubscribe(std::string_view channel);
  /// Publishes written and not yet answered.
  std::size_t publishes_in_flight() const { return publishes_in_flight_; }

 private:
  struct Watch;

  static void on_connect(const redisAsyncContext* context, int status);
  static void on_disconnect(const redisAsyncContext* context, int status);
  static void on_reply(redisAsyncContext* context, void* reply, void* done);
  static void on_publish_reply(redisAsyncContext* context, void* reply, void* self);
  static void on_subscription_reply(redisAsyncContext* context, void* reply, void* self);

  void handshake(const RedisAddress& address);
  void fail(const std::string& reason);

  Events events_;
  redisAsyncContext* context_ = nullptr;  // null once hiredis has freed it
  std::shared_ptr<Watch> watch_;
  std::size_t publishes_in_flight_ = 0;
  bool up_ = false;
  bool failed_ = false;
  bool closing_ = false;
};

}  // namespace wick::detail
