#pragma once
// Topic patterns to channel factories. A pattern is an exact topic ("system") or a prefix
// ending in '*' ("room:*" matches every topic that starts with "room:"); the first pattern
// added that matches wins, as in Phoenix.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace wick {

class Channel;

/// The routes of a SocketHandler (its channel<C>(pattern) calls), matched at each join.
class TopicRouter {
 public:
  using Factory = std::function<std::unique_ptr<Channel>()>;

  /// Adds a route; throws std::invalid_argument when '*' is anywhere but last.
  void add(std::string pattern, Factory factory);
  /// The factory of the first matching route, or nullptr.
  const Factory* match(std::string_view topic) const;

 private:
  struct Route {
    std::string prefix;  // the pattern without its trailing '*'
    bool is_prefix;
    Factory factory;
  };
  std::vector<Route> routes_;
};

}  // namespace wick
