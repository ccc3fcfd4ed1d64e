#pragma once
// Loopback ports for tests that start a server of their own (redis-server, PostgreSQL).
#include <cstdint>

namespace wick::testing {

/// A port on 127.0.0.1 that nothing listened on a moment ago.
std::uint16_t free_port();
/// True when something accepts connections on 127.0.0.1:`port`.
bool accepts(std::uint16_t port);

}  // namespace wick::testing
