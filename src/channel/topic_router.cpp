#include <stdexcept>
#include <wick/topic_router.hpp>

namespace wick {

void TopicRouter::add(std::string pattern, Factory factory) {
  std::size_t star = pattern.find('*');
  if (star != std::string::npos && star + 1 != pattern.size()) {
    throw std::invalid_argument("topic pattern '" + pattern + "': '*' must be last");
  }
  bool is_prefix = star != std::string::npos;
  if (is_prefix) pattern.pop_back();
  routes_.push_back({std::move(pattern), is_prefix, std::move(factory)});
}

const TopicRouter::Factory* TopicRouter::match(std::string_view topic) const {
  for (const Route& route : routes_) {
    if (route.is_prefix ? topic.starts_with(route.prefix) : topic == route.prefix) {
      return &route.factory;
    }
  }
  return nullptr;
}

}  // namespace wick
