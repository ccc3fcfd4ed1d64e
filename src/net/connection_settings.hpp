#pragma once
// What every connection of an endpoint shares, set once before the first connection: each loop
// holds a reference, so a connection spends no bytes of its own on it.
#include "net/outbound_queue.hpp"

namespace wick::detail {

class TlsContext;
struct NodeCounters;

struct ConnectionSettings {
  const TlsContext* tls = nullptr;  // every connection speaks TLS when set
  OutboundLimit outbound;           // over it, the client is disconnected as a slow consumer
  NodeCounters* counters = nullptr;
};

}  // namespace wick::detail
