#include "cluster/longpoll_relay.hpp"

#include <boost/asio/post.hpp>
#include <vector>

#include "net/event_loop.hpp"

namespace wick::detail {

LongPollRelay::LongPollRelay(EventLoop& loop, std::string node, std::uint64_t instance,
                             std::chrono::milliseconds patience, Publish publish, Serve serve,
                             NodeCounters& counters)
    : loop_(loop),
      node_(std::move(node)),
      instance_(instance),
      patience_(patience),
      publish_(std::move(publish)),
      serve_(std::move(serve)),
      counters_(counters) {}

void LongPollRelay::relay(std::string_view node, RelayedLongPoll request, RelayedAnswer answer) {
  boost::asio::post(loop_.io(), [weak = weak_from_this(), node = std::string(node),
                                 request = std::move(request), answer = std::move(answer)] {
    if (auto self = weak.lock()) self->send(node, std::move(request), std::move(answer));
  });
}

void LongPollRelay::send(const std::string& node, RelayedLongPoll request, RelayedAnswer answer) {
  std::uint64_t number = ++last_request_;
  pending_.emplace(number, Pending{std::move(answer), SteadyClock::now() + patience_});
  count_up(counters_.cluster_longpoll_relayed);
  publish_(node, encode_longpoll_request(sender(), number, request),
           [weak = weak_from_this(), number](bool reached) {
             auto self = weak.lock();
             if (self && !reached) self->give_up(number);
           });
}

RelayedAnswer LongPollRelay::take(std::uint64_t request) {
  auto it = pending_.find(request);
  if (it == pending_.end()) return nullptr;  // answered, or given up on, already
  RelayedAnswer answer = std::move(it->second.answer);
  pending_.erase(it);
  return answer;
}

void LongPollRelay::give_up(std::uint64_t request) {
  RelayedAnswer answer = take(request);
  if (!answer) return;
  count_up(counters_.cluster_longpoll_lost);
  answer(std::nullopt);
}

void LongPollRelay::receive(ClusterEnvelope& envelope) {
  if (envelope.kind == ClusterEnvelope::Kind::longpoll_answer) {
    if (RelayedAnswer answer = take(envelope.request)) answer(std::move(envelope.answer));
    return;
  }
  count_up(counters_.cluster_longpoll_served);
  // The session's loop answers, from its own thread; the answer leaves from this loop.
  serve_(std::move(envelope.longpoll),
         [weak = weak_from_this(), node = envelope.node,
          request = envelope.request](std::optional<std::string> body) {
           auto self = weak.lock();
           if (!self) return;
           boost::asio::post(self->loop_.io(), [weak, node, request, body = std::move(body)] {
             if (auto relay = weak.lock()) relay->send_answer(node, request, std::move(body));
           });
         });
}

void LongPollRelay::send_answer(const std::string& node, std::uint64_t request,
                                std::optional<std::string> body) {
  publish_(node, encode_longpoll_answer(sender(), request, body), nullptr);
}

void LongPollRelay::tick(SteadyClock::time_point now) {
  std::vector<std::uint64_t> late;
  for (const auto& [request, pending] : pending_) {
    if (pending.deadline <= now) late.push_back(request);
  }
  for (std::uint64_t request : late) give_up(request);
}

void LongPollRelay::link_down() { tick(SteadyClock::time_point::max()); }

}  // namespace wick::detail
