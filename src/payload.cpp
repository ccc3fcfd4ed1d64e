#include <boost/json/object.hpp>
#include <wick/payload.hpp>

namespace wick {

Payload::Payload() : value_(json::value(json::object())) {}
Payload::Payload(json::value value) : value_(std::move(value)) {}
Payload::Payload(json::object object) : value_(json::value(std::move(object))) {}
Payload::Payload(std::initializer_list<json::value_ref> init) : value_(json::value(init)) {}
Payload::Payload(Binary binary) : value_(std::move(binary)) {}

}  // namespace wick
