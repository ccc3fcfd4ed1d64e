#pragma once
// The built-in HTTP routes of an endpoint: GET /health, GET /metrics, POST /api/broadcast.
#include "transport/http_request.hpp"

namespace wick::detail {

class EndpointCore;

HttpResponse route_http(EndpointCore& core, const HttpRequest& request);

}  // namespace wick::detail
