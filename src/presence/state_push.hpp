#pragma once
// One presence_state snapshot on its way to every client that asked for it in a window. The
// frame differs between clients only by serializer and join_ref, and phoenix.js clients mostly
// share join_refs ("1", "2", … per socket), so each distinct pair is encoded once and the frame
// shared; a 5,000-user snapshot is hundreds of kilobytes, and copying it per client cost more
// than sending it.
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "net/shared_frame.hpp"
#include "protocol/serializer.hpp"

namespace wick::detail {

class StatePush {
 public:
  StatePush(std::string topic, std::string payload_json)
      : topic_(std::move(topic)), payload_json_(std::move(payload_json)) {}

  /// The presence_state frame for a client of `serializer` whose channel has `join_ref`.
  /// Called from any loop.
  SharedFrame frame(const Serializer& serializer, const std::optional<std::string>& join_ref);

 private:
  const std::string topic_;
  const std::string payload_json_;
  std::mutex mutex_;
  std::map<std::pair<const Serializer*, std::optional<std::string>>, SharedFrame> frames_;
};

}  // namespace wick::detail
