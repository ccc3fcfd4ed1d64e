#include "protocol/stream_position.hpp"

#include <boost/json/object.hpp>
#include <cstdio>
#include <wick/history.hpp>

#include "protocol/json_text.hpp"

namespace wick::detail {

std::string epoch_text(std::uint64_t random) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(random));
  return text;
}

std::string position_member(std::uint64_t offset, std::string_view epoch) {
  std::string out;
  out.reserve(position_key.size() + epoch.size() + 40);
  append_json_string(out, position_key);
  out += ":{\"offset\":";
  out += std::to_string(offset);
  out += ",\"epoch\":";
  append_json_string(out, epoch);
  out.push_back('}');
  return out;
}

boost::json::object position_object(const StreamPosition& position, std::optional<bool> recovered) {
  boost::json::object object{{"offset", position.offset}, {"epoch", position.epoch}};
  if (recovered) object["recovered"] = *recovered;
  return object;
}

std::optional<StreamPosition> read_position(const boost::json::value& value) {
  const boost::json::object* object = value.if_object();
  if (!object) return std::nullopt;
  const boost::json::value* offset = object->if_contains("offset");
  const boost::json::value* epoch = object->if_contains("epoch");
  if (!offset || !epoch || !epoch->is_string()) return std::nullopt;
  StreamPosition position;
  position.epoch = std::string(epoch->get_string());
  if (offset->is_uint64()) {
    position.offset = offset->get_uint64();
  } else if (offset->is_int64() && offset->get_int64() >= 0) {
    position.offset = static_cast<std::uint64_t>(offset->get_int64());
  } else if (offset->is_double() && offset->get_double() >= 0 &&
             offset->get_double() <= static_cast<double>(max_client_offset) &&
             offset->get_double() ==
                 static_cast<double>(static_cast<std::uint64_t>(offset->get_double()))) {
    position.offset = static_cast<std::uint64_t>(offset->get_double());
  } else {
    return std::nullopt;
  }
  if (position.offset > max_client_offset) return std::nullopt;
  return position;
}

}  // namespace wick::detail
