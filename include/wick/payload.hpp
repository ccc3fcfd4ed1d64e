#pragma once
// A message payload: a JSON value, or raw bytes (V2 binary frames, an ArrayBuffer in phoenix.js).
//
//   wick::Payload text = boost::json::object{{"body", "hi"}};
//   wick::Payload bytes = wick::Binary{"\x01\x02"};
//   if (p.is_binary()) use(p.bytes()); else use(p.json());
#include <boost/json/value.hpp>
#include <boost/json/value_ref.hpp>
#include <initializer_list>
#include <string>
#include <variant>

namespace wick {

namespace json = boost::json;

/// Raw bytes carried by a binary frame.
struct Binary {
  std::string bytes;  ///< the bytes, any values (a std::string is only their container)
};

/// A JSON value or a Binary: what pushes, broadcasts and replies carry. Cheap to move.
class Payload {
 public:
  /// An empty JSON object, the payload phoenix.js sends by default.
  Payload();
  /// A JSON payload (pushes and broadcasts take objects only, as in Phoenix).
  Payload(json::value value);
  /// A JSON object payload, the kind pushes and broadcasts take.
  Payload(json::object object);
  /// {{"key", value}, ...} builds an object, as json::value's own initializer list does.
  Payload(std::initializer_list<json::value_ref> init);
  /// A binary payload: a V2 binary frame (V1 clients cannot receive it; it is dropped).
  Payload(Binary binary);

  /// Whether this is a binary payload (a Binary) rather than JSON.
  bool is_binary() const { return std::holds_alternative<Binary>(value_); }
  /// The JSON value; a binary payload has none (throws std::bad_variant_access).
  const json::value& json() const { return std::get<json::value>(value_); }
  /// The bytes of a binary payload (throws std::bad_variant_access for JSON).
  const std::string& bytes() const { return std::get<Binary>(value_).bytes; }

 private:
  std::variant<json::value, Binary> value_;
};

}  // namespace wick
