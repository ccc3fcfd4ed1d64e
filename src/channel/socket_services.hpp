#pragma once
// What a socket and its channels are given to work with: the endpoint's configuration,
// counters, pubsub and presence. Handed to each mount when it is made; nothing is looked up.
#include <wick/config.hpp>

#include "counters.hpp"

namespace wick {
class Endpoint;
class Presence;
}  // namespace wick

namespace wick::detail {

class PresenceTracker;
class PubSub;

struct SocketServices {
  Endpoint* endpoint;  // what Channel::endpoint() gives; none for a socket tested alone
  const EndpointConfig& config;
  NodeCounters& counters;
  PubSub& pubsub;
  PresenceTracker& presence_tracker;
  Presence* presence;  // what Channel::presence() gives; none for a socket tested alone
};

}  // namespace wick::detail
