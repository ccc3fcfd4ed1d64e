#include <atomic>
#include <boost/asio/post.hpp>
#include <wick/http.hpp>

#include "net/connection.hpp"
#include "net/event_loop.hpp"
#include "transport/http_session.hpp"

namespace wick {

// Shared by the copies of a responder; the last one out answers 500 if nobody answered.
struct HttpResponder::Pending {
  std::weak_ptr<detail::EventLoop> loop;
  std::uint64_t connection;
  std::atomic<bool> answered{false};

  void answer(HttpResponse response) {
    if (answered.exchange(true)) return;
    auto owner = loop.lock();
    if (!owner) return;
    detail::EventLoop* target = owner.get();
    boost::asio::post(owner->io(), [target, id = connection, response = std::move(response)] {
      auto* connection = target->find_as<detail::Connection>(id);
      if (!connection) return;
      if (auto* http = dynamic_cast<detail::HttpSession*>(connection->handler())) {
        http->finish_deferred(response);
      }
    });
  }

  ~Pending() {
    if (!answered) answer(HttpResponse::json(500, {{"error", "no response"}}));
  }
};

HttpResponder::HttpResponder(std::weak_ptr<detail::EventLoop> loop, std::uint64_t connection)
    : pending_(std::make_shared<Pending>()) {
  pending_->loop = std::move(loop);
  pending_->connection = connection;
}

void HttpResponder::send(HttpResponse response) const {
  if (pending_) pending_->answer(std::move(response));
}

}  // namespace wick
