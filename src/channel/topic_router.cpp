#include <stdexcept>
#include <wick/topic_router.hpp>

namespace wick {

std::size_t TopicRouter::add(std::string pattern, Factory factory) {
  std::size_t star = pattern.find('*');
  if (star != std::string::npos && star + 1 != pattern.size()) {
    throw std::invalid_argument("topic pattern '" + pattern + "': '*' must be last");
  }
  bool is_prefix = star != std::string::npos;
  if (is_prefix) pattern.pop_back();
  routes_.push_back({std::move(pattern), is_prefix, std::move(factory), std::nullopt});
  return routes_.size() - 1;
}

void TopicRouter::keep_history(std::size_t index, History history) {
  if (history.size == 0 || history.ttl.count() <= 0 || history.recovery_cap == 0 ||
      history.position_ttl < history.ttl) {
    throw std::invalid_argument(
        "history: size, ttl and recovery_cap must be positive, position_ttl at least ttl");
  }
  routes_.at(index).history = history;
  keeps_history_ = true;
}

const TopicRouter::Route* TopicRouter::match(std::string_view topic) const {
  for (const Route& route : routes_) {
    if (route.is_prefix ? topic.starts_with(route.prefix) : topic == route.prefix) return &route;
  }
  return nullptr;
}

}  // namespace wick
