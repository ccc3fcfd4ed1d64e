#include "protocol/message_payload.hpp"

#include <stdexcept>
#include <string>
#include <wick/history.hpp>

namespace wick::detail {
namespace {

std::string_view kind_of(const json::value& value) {
  switch (value.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "a boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "a number";
    case json::kind::string:
      return "a string";
    case json::kind::array:
      return "an array";
    case json::kind::object:
      break;
  }
  return "an object";
}

}  // namespace

void require_message_payload(const Payload& payload, std::string_view call) {
  if (payload.is_binary() || payload.json().is_object()) return;
  throw std::invalid_argument(std::string(call) +
                              ": the payload must be a JSON object or wick::Binary, got " +
                              std::string(kind_of(payload.json())));
}

void require_stream_payload(const Payload& payload, std::string_view topic) {
  std::string where = "broadcast on \"" + std::string(topic) + "\", a topic with history: ";
  if (payload.is_binary()) {
    throw std::invalid_argument(where + "binary payloads cannot carry their position");
  }
  if (payload.json().get_object().contains(position_key)) {
    throw std::invalid_argument(where + "the payload key \"" + std::string(position_key) +
                                "\" is reserved for the position");
  }
}

}  // namespace wick::detail
