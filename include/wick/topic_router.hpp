#pragma once
// Topic patterns to channel factories. A pattern is an exact topic ("system") or a prefix
// ending in '*' ("room:*" matches every topic that starts with "room:"); the first pattern
// added that matches wins, as in Phoenix. A route may keep history (wick/history.hpp).
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include <wick/history.hpp>

namespace wick {

class Channel;

/// The routes of a SocketHandler (its channel<C>(pattern) calls), matched at each join.
class TopicRouter {
 public:
  using Factory = std::function<std::unique_ptr<Channel>()>;
  struct Route {
    std::string prefix;  // the pattern without its trailing '*'
    bool is_prefix;
    Factory factory;
    std::optional<History> history;
  };

  /// Adds a route and gives its index; throws std::invalid_argument when '*' is anywhere but
  /// last.
  std::size_t add(std::string pattern, Factory factory);
  /// Keeps history on the topics of route `index`; throws std::invalid_argument for a size,
  /// time to live or recovery cap of zero.
  void keep_history(std::size_t index, History history);
  /// The first matching route, or nullptr.
  const Route* match(std::string_view topic) const;
  /// Whether any route keeps history.
  bool keeps_history() const { return keeps_history_; }

 private:
  std::vector<Route> routes_;
  bool keeps_history_ = false;
};

}  // namespace wick
