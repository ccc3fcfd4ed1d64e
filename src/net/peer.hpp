#pragma once
// The remote end of a connection, as the application's connect() is told it.
#include <string>

namespace wick::detail {

struct Peer {
  std::string address;
  unsigned short port = 0;
};

}  // namespace wick::detail
