#pragma once
// A mount's routes as pubsub asks them which topics keep history (PubSub::add_routes).
#include <wick/topic_router.hpp>

#include "pubsub/pubsub.hpp"

namespace wick::detail {

/// `router` must outlive what this gives.
PubSub::HistoryRoutes history_routes(const TopicRouter& router);

}  // namespace wick::detail
