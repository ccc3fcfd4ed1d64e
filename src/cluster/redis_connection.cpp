#include "cluster/redis_connection.hpp"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <boost/asio/posix/stream_descriptor.hpp>

namespace wick::detail {
namespace {

std::string_view text_of(const redisReply* reply) {
  return reply && reply->str ? std::string_view(reply->str, reply->len) : std::string_view();
}

bool is_error(const redisReply* reply) { return reply && reply->type == REDIS_REPLY_ERROR; }

}  // namespace

// The descriptor Asio waits on for hiredis: hiredis says when it wants to read or write, and
// the watch waits for that once at a time (an Asio wait is one-shot, hiredis's hooks are not).
// Shared with the waits in flight, so that it outlives the connection until they end.
struct RedisConnection::Watch : std::enable_shared_from_this<Watch> {
  Watch(boost::asio::io_context& io, int fd, redisAsyncContext* context)
      : descriptor(io, fd), context(context) {}

  void arm_read() {
    if (!want_read || reading || !context) return;
    reading = true;
    descriptor.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                          [self = shared_from_this()](boost::system::error_code error) {
                            self->reading = false;
                            if (error || !self->context || !self->want_read) return;
                            redisAsyncHandleRead(self->context);
                            self->arm_read();
                          });
  }
  void arm_write() {
    if (!want_write || writing || !context) return;
    writing = true;
    descriptor.async_wait(boost::asio::posix::stream_descriptor::wait_write,
                          [self = shared_from_this()](boost::system::error_code error) {
                            self->writing = false;
                            if (error || !self->context || !self->want_write) return;
                            redisAsyncHandleWrite(self->context);
                            self->arm_write();
                          });
  }

  static Watch& of(void* data) { return *static_cast<Watch*>(data); }
  static void add_read(void* data) {
    of(data).want_read = true;
    of(data).arm_read();
  }
  static void del_read(void* data) { of(data).want_read = false; }
  static void add_write(void* data) {
    of(data).want_write = true;
    of(data).arm_write();
  }
  static void del_write(void* data) { of(data).want_write = false; }
  // hiredis frees the context and closes the descriptor itself: the watch lets go of it, which
  // ends the waits in flight.
  static void cleanup(void* data) {
    Watch& watch = of(data);
    watch.context = nullptr;
    watch.want_read = watch.want_write = false;
    watch.descriptor.release();
  }

  boost::asio::posix::stream_descriptor descriptor;
  redisAsyncContext* context;
  bool want_read = false;
  bool want_write = false;
  bool reading = false;
  bool writing = false;
};

RedisConnection::RedisConnection(boost::asio::io_context& io, const RedisAddress& address,
                                 Events events)
    : events_(std::move(events)) {
  context_ = redisAsyncConnect(address.host.c_str(), address.port);
  if (!context_) {
    fail("out of memory");
    return;
  }
  if (context_->err) {
    std::string reason = context_->errstr;
    redisAsyncFree(context_);
    context_ = nullptr;
    fail(reason);
    return;
  }
  context_->data = this;
  watch_ = std::make_shared<Watch>(io, context_->c.fd, context_);
  context_->ev.data = watch_.get();
  context_->ev.addRead = Watch::add_read;
  context_->ev.delRead = Watch::del_read;
  context_->ev.addWrite = Watch::add_write;
  context_->ev.delWrite = Watch::del_write;
  context_->ev.cleanup = Watch::cleanup;
  redisAsyncSetConnectCallback(context_, on_connect);
  redisAsyncSetDisconnectCallback(context_, on_disconnect);
  handshake(address);
}

RedisConnection::~RedisConnection() {
  closing_ = true;
  if (context_) redisAsyncFree(context_);
}

// AUTH and SELECT when asked for, then PING: its answer means the connection serves commands.
void RedisConnection::handshake(const RedisAddress& address) {
  if (!address.password.empty()) {
    std::vector<std::string> auth{"AUTH"};
    if (!address.user.empty()) auth.push_back(address.user);
    auth.push_back(address.password);
    command(auth, [this](const redisReply* reply) {
      if (is_error(reply)) fail("Redis refused AUTH: " + std::string(text_of(reply)));
    });
  }
  if (address.database != 0) {
    std::string database = std::to_string(address.database);
    command({"SELECT", database}, [this, database](const redisReply* reply) {
      if (is_error(reply)) {
        fail("Redis refused SELECT " + database + ": " + std::string(text_of(reply)));
      }
    });
  }
  command({"PING"}, [this](const redisReply* reply) {
    if (!reply || failed_) return;
    if (is_error(reply)) return fail("Redis refused PING: " + std::string(text_of(reply)));
    up_ = true;
    events_.up();
  });
}

void RedisConnection::fail(const std::string& reason) {
  if (failed_ || closing_) return;
  failed_ = true;
  up_ = false;
  events_.down(reason);
}

void RedisConnection::command(const std::vector<std::string>& arguments, Done done) {
  if (!context_) return;
  std::vector<const char*> argv;
  std::vector<std::size_t> sizes;
  for (const std::string& argument : arguments) {
    argv.push_back(argument.data());
    sizes.push_back(argument.size());
  }
  auto* owned = new Done(std::move(done));
  if (redisAsyncCommandArgv(context_, on_reply, owned, static_cast<int>(argv.size()), argv.data(),
                            sizes.data()) != REDIS_OK) {
    delete owned;
  }
}

void RedisConnection::publish(std::string_view channel, std::string_view message) {
  if (!context_) return;
  const char* argv[] = {"PUBLISH", channel.data(), message.data()};
  const std::size_t sizes[] = {7, channel.size(), message.size()};
  if (redisAsyncCommandArgv(context_, on_publish_reply, this, 3, argv, sizes) == REDIS_OK) {
    ++publishes_in_flight_;
  }
}

void RedisConnection::subscribe(std::string_view channel) {
  if (!context_) return;
  const char* argv[] = {"SUBSCRIBE", channel.data()};
  const std::size_t sizes[] = {9, channel.size()};
  redisAsyncCommandArgv(context_, on_subscription_reply, this, 2, argv, sizes);
}

void RedisConnection::unsubscribe(std::string_view channel) {
  if (!context_) return;
  const char* argv[] = {"UNSUBSCRIBE", channel.data()};
  const std::size_t sizes[] = {11, channel.size()};
  redisAsyncCommandArgv(context_, on_subscription_reply, this, 2, argv, sizes);
}

// A failed connect: hiredis frees the context after this returns.
void RedisConnection::on_connect(const redisAsyncContext* context, int status) {
  if (status == REDIS_OK) return;
  auto* self = static_cast<RedisConnection*>(context->data);
  self->context_ = nullptr;
  self->fail(context->errstr);
}

void RedisConnection::on_disconnect(const redisAsyncContext* context, int status) {
  auto* self = static_cast<RedisConnection*>(context->data);
  self->context_ = nullptr;
  self->fail(status == REDIS_OK ? std::string("connection closed") : std::string(context->errstr));
}

void RedisConnection::on_reply(redisAsyncContext* context, void* reply, void* done) {
  std::unique_ptr<Done> owned(static_cast<Done*>(done));
  auto* self = static_cast<RedisConnection*>(context->data);
  if (self->closing_) return;
  (*owned)(static_cast<const redisReply*>(reply));
}

void RedisConnection::on_publish_reply(redisAsyncContext*, void*, void* self) {
  --static_cast<RedisConnection*>(self)->publishes_in_flight_;
}

// Subscribe and unsubscribe confirmations and the subscribed channels' messages:
// ["subscribe" | "unsubscribe" | "message", channel, count | message].
void RedisConnection::on_subscription_reply(redisAsyncContext*, void* reply, void* self) {
  auto* connection = static_cast<RedisConnection*>(self);
  const auto* array = static_cast<const redisReply*>(reply);
  if (!array || connection->closing_ || array->type != REDIS_REPLY_ARRAY || array->elements < 3) {
    return;
  }
  std::string_view kind = text_of(array->element[0]);
  std::string_view channel = text_of(array->element[1]);
  if (kind == "message") {
    connection->events_.message(channel, text_of(array->element[2]));
  } else if (kind == "subscribe") {
    connection->events_.subscription(channel, true);
  } else if (kind == "unsubscribe") {
    connection->events_.subscription(channel, false);
  }
}

}  // namespace wick::detail
