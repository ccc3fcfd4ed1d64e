#include "protocol/serializer.hpp"

#include "protocol/v1_json_serializer.hpp"
#include "protocol/v2_json_serializer.hpp"

namespace wick::detail {

const Serializer& serializer_for(SerializerVersion version) {
  static const V1JsonSerializer v1;
  static const V2JsonSerializer v2;
  if (version == SerializerVersion::v1) return v1;
  return v2;
}

}  // namespace wick::detail
