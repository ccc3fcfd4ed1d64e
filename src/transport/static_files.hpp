#pragma once
// Files served over plain HTTP (Endpoint::serve_static): GET or HEAD of a path under a mount's
// URL prefix answers the file under its directory; "/" and paths ending in "/" answer
// index.html. Paths with ".." segments, and anything that is not a regular file, are refused.
#include <optional>
#include <string>
#include <vector>

#include "transport/http_request.hpp"

namespace wick::detail {

struct StaticMount {
  std::string url_prefix;  // "/" or "/assets/" (always ends in '/')
  std::string directory;
};

/// The response for `request`, or nullopt when no mount covers its path.
std::optional<HttpResponse> serve_static(const std::vector<StaticMount>& mounts,
                                         const HttpRequest& request);

}  // namespace wick::detail
