#pragma once
// What a socket is given, built for a test and nothing more: no endpoint, no listener, no
// threads (the one loop is run by hand).
#include <chrono>
#include <memory>
#include <vector>
#include <wick/config.hpp>

#include "channel/presence_state_delivery.hpp"
#include "channel/socket_services.hpp"
#include "counters.hpp"
#include "net/event_loop.hpp"
#include "presence/presence_tracker.hpp"
#include "pubsub/pubsub.hpp"

namespace wick::test {

struct SocketParts {
  explicit SocketParts(EndpointConfig configuration = {}) : config(std::move(configuration)) {
    settings.outbound = {config.max_outbound_bytes};
    settings.counters = &counters;
  }
  // The loop's residents (sockets on their sessions) go first, while pubsub still exists, as
  // the endpoint's do.
  ~SocketParts() { loops.clear(); }
  detail::EventLoop& loop() { return *loops.front(); }
  /// Runs what was posted to the loop, and what that posted, a few rounds deep.
  void run() {
    for (int round = 0; round < 4; ++round) {
      loop().io().restart();
      loop().io().poll();
    }
  }

  EndpointConfig config;
  detail::NodeCounters counters;
  detail::ConnectionSettings settings;
  std::vector<std::shared_ptr<detail::EventLoop>> loops{
      std::make_shared<detail::EventLoop>(0, std::chrono::seconds(1), settings)};
  std::unique_ptr<detail::PubSub> pubsub = std::make_unique<detail::PubSub>(loops);
  detail::PresenceStateDelivery delivery;
  detail::PresenceTracker tracker{loops, *pubsub, delivery, "test", std::chrono::milliseconds(0)};
  detail::SocketServices services{nullptr, config, counters, *pubsub, tracker, nullptr};
};

}  // namespace wick::test
