#include <wick/socket_handler.hpp>

namespace wick {

bool SocketHandler::connect(const json::object&, const ConnectInfo&, Socket&) { return true; }

std::optional<std::string> SocketHandler::id(const Socket&) const { return std::nullopt; }

std::optional<std::string_view> ConnectInfo::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

}  // namespace wick
