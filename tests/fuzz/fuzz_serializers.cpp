// libFuzzer target: the V1 and V2 decoders (text and binary frames), and re-encoding whatever
// they accept: a decoded message must encode again without failing.
#include <cstddef>
#include <cstdint>

#include "protocol/serializer.hpp"

using namespace wick::detail;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  bool binary = data[0] & 1;
  SerializerVersion version = data[0] & 2 ? SerializerVersion::v2 : SerializerVersion::v1;
  std::string_view frame(reinterpret_cast<const char*>(data) + 1, size - 1);
  const Serializer& serializer = serializer_for(version);
  Decoded decoded = serializer.decode(binary, frame);
  if (!decoded.message) {
    if (decoded.error == DecodeError::none) __builtin_trap();  // a refusal always says why
    return 0;
  }
  const Message& message = *decoded.message;
  (void)serializer.encode(
      {message.join_ref, message.ref, message.topic, message.event, message.payload});
  return 0;
}
