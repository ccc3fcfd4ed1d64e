#pragma once
// The endpoint's own HTTP answers, for what no socket mount and no application route took:
// GET /health, GET /metrics, POST /api/broadcast, the static files, and 404.
#include "transport/http_request.hpp"

namespace wick::detail {

class EndpointCore;

HttpResponse answer_endpoint_request(EndpointCore& core, const HttpRequest& request);

}  // namespace wick::detail
