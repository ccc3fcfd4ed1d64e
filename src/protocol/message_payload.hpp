#pragma once
// What a push or a broadcast may carry: a JSON object or bytes, as Phoenix's serializers require
// ("expected payload to be a map"). Replies carry any JSON value.
#include <string_view>
#include <wick/payload.hpp>

namespace wick::detail {

/// Throws std::invalid_argument, naming `call`, unless `payload` is a JSON object or binary.
void require_message_payload(const Payload& payload, std::string_view call);
/// A broadcast on a topic with history carries its position in the payload object: throws
/// std::invalid_argument, naming `topic`, for binary or for an object that has the reserved key.
void require_stream_payload(const Payload& payload, std::string_view topic);

}  // namespace wick::detail
