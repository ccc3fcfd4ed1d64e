#include "channel/history_routes.hpp"

namespace wick::detail {

PubSub::HistoryRoutes history_routes(const TopicRouter& router) {
  return [&router](std::string_view topic) -> std::optional<const History*> {
    const TopicRouter::Route* route = router.match(topic);
    if (!route) return std::nullopt;
    return route->history ? &*route->history : nullptr;
  };
}

}  // namespace wick::detail
