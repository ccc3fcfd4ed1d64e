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
  /// Makes a new channel for each join of a matching topic.
  using Factory = std::function<std::unique_ptr<Channel>()>;
  /// One pattern and what a join of a topic it matches gets.
  struct Route {
    std::string prefix;              ///< the pattern, less its trailing '*' if any
    bool is_prefix;                  ///< whether the pattern ended in '*' (a prefix match)
    Factory factory;                 ///< makes the channel of each join
    std::optional<History> history;  ///< set by keep_history(); none: the route keeps none
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
