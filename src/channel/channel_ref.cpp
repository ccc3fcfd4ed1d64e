#include <boost/asio/steady_timer.hpp>
#include <wick/channel_ref.hpp>

#include "channel/socket_state.hpp"
#include "net/event_loop.hpp"

namespace wick {

ChannelRef::ChannelRef(std::weak_ptr<detail::EventLoop> loop, std::uint64_t connection,
                       std::string topic, std::optional<std::string> join_ref)
    : loop_(std::move(loop)),
      connection_(connection),
      topic_(std::move(topic)),
      join_ref_(std::move(join_ref)) {}

void ChannelRef::send(json::value message) const {
  auto loop = loop_.lock();
  if (!loop) return;
  loop->post_to_socket(connection_, [topic = topic_, join_ref = join_ref_,
                                     message = std::move(message)](detail::SocketState& socket) {
    socket.deliver_info(topic, join_ref, message);
  });
}

void ChannelRef::send_after(std::chrono::milliseconds delay, json::value message) const {
  auto loop = loop_.lock();
  if (!loop) return;
  auto timer = std::make_shared<boost::asio::steady_timer>(loop->io(), delay);
  timer->async_wait(
      [timer, ref = *this, message = std::move(message)](boost::system::error_code ec) mutable {
        if (!ec) ref.send(std::move(message));
      });
}

ReplyHandle::ReplyHandle(std::weak_ptr<detail::EventLoop> loop, std::uint64_t connection,
                         std::string topic, std::optional<std::string> join_ref,
                         std::optional<std::string> ref)
    : loop_(std::move(loop)),
      connection_(connection),
      topic_(std::move(topic)),
      join_ref_(std::move(join_ref)),
      ref_(std::move(ref)) {}

void ReplyHandle::send(Reply reply) const {
  auto loop = loop_.lock();
  if (!loop) return;
  loop->post_to_socket(connection_, [topic = topic_, join_ref = join_ref_, ref = ref_,
                                     reply = std::move(reply)](detail::SocketState& socket) {
    socket.send_reply({join_ref, ref, topic}, reply);
  });
}

JoinHandle::JoinHandle(std::weak_ptr<detail::EventLoop> loop, std::uint64_t connection,
                       std::string topic, std::optional<std::string> join_ref,
                       std::optional<std::string> ref)
    : loop_(std::move(loop)),
      connection_(connection),
      topic_(std::move(topic)),
      join_ref_(std::move(join_ref)),
      ref_(std::move(ref)) {}

void JoinHandle::send(JoinResult result) const {
  auto loop = loop_.lock();
  if (!loop) return;
  loop->post_to_socket(connection_, [topic = topic_, join_ref = join_ref_, ref = ref_,
                                     result = std::move(result)](detail::SocketState& socket) {
    socket.complete_join({join_ref, ref, topic}, result);
  });
}

}  // namespace wick
