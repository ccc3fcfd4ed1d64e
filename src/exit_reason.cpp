#include <wick/exit_reason.hpp>

namespace wick {

std::string_view to_string(ExitReason reason) {
  switch (reason) {
    case ExitReason::left:
      return "left";
    case ExitReason::stopped:
      return "stopped";
    case ExitReason::duplicate_join:
      return "duplicate_join";
    case ExitReason::crashed:
      return "crashed";
    case ExitReason::closed:
      return "closed";
    case ExitReason::disconnected:
      return "disconnected";
    case ExitReason::shutdown:
      return "shutdown";
  }
  return "unknown";
}

}  // namespace wick
