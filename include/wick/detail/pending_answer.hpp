#pragma once
// Not part of the API: the address of one client message to answer later, behind ReplyHandle
// and JoinHandle (wick/channel_ref.hpp).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace wick::detail {

class EventLoop;
class SocketState;
struct ReplyAddress;

/// Its connection, on its loop, and the topic, join_ref and ref the answer carries. Cheap to
/// copy; answering posts to the loop.
class PendingAnswer {
 public:
  PendingAnswer() = default;
  PendingAnswer(std::weak_ptr<EventLoop> loop, std::uint64_t connection, std::string topic,
                std::optional<std::string> join_ref, std::optional<std::string> ref);

  /// Runs `answer` on the connection's loop, if the connection still has a socket then.
  void post(std::function<void(SocketState&, const ReplyAddress&)> answer) const;

 private:
  std::weak_ptr<EventLoop> loop_;
  std::uint64_t connection_ = 0;
  std::string topic_;
  std::optional<std::string> join_ref_;
  std::optional<std::string> ref_;
};

}  // namespace wick::detail
