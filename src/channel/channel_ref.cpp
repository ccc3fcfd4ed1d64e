#include <boost/asio/steady_timer.hpp>
#include <wick/channel_ref.hpp>

#include "channel/socket_lookup.hpp"
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
  detail::post_to_socket(
      *loop, connection_,
      [topic = topic_, join_ref = join_ref_, message = std::move(message)](
          detail::SocketState& socket) { socket.deliver_info(topic, join_ref, message); });
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

namespace detail {

PendingAnswer::PendingAnswer(std::weak_ptr<EventLoop> loop, std::uint64_t connection,
                             std::string topic, std::optional<std::string> join_ref,
                             std::optional<std::string> ref)
    : loop_(std::move(loop)),
      connection_(connection),
      topic_(std::move(topic)),
      join_ref_(std::move(join_ref)),
      ref_(std::move(ref)) {}

void PendingAnswer::post(std::function<void(SocketState&, const ReplyAddress&)> answer) const {
  auto loop = loop_.lock();
  if (!loop) return;
  post_to_socket(*loop, connection_,
                 [topic = topic_, join_ref = join_ref_, ref = ref_,
                  answer = std::move(answer)](SocketState& socket) {
                   answer(socket, {join_ref, ref, topic});
                 });
}

}  // namespace detail

void ReplyHandle::send(Reply reply) const {
  address_.post(
      [reply = std::move(reply)](detail::SocketState& socket, const detail::ReplyAddress& address) {
        socket.send_reply(address, reply);
      });
}

void JoinHandle::send(JoinResult result) const {
  address_.post([result = std::move(result)](detail::SocketState& socket,
                                             const detail::ReplyAddress& address) {
    socket.complete_join(address, result);
  });
}

}  // namespace wick
