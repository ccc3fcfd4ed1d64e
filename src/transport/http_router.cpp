#include "transport/http_router.hpp"

#include <stdexcept>

namespace wick::detail {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    std::size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return segments;
}

}  // namespace

void HttpRouter::add(std::string method, std::string_view pattern, HttpHandler handler) {
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("an HTTP route must start with '/': " + std::string(pattern));
  }
  Route route{std::move(method), {}, std::move(handler)};
  for (std::string_view segment : split_path(pattern)) route.segments.emplace_back(segment);
  routes_.push_back(std::move(route));
}

HttpRouter::Match HttpRouter::match(HttpRequest& request) const {
  Match result;
  std::vector<std::string_view> segments = split_path(request.path);
  for (const Route& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    std::vector<std::pair<std::string, std::string>> params;
    bool matched = true;
    for (std::size_t i = 0; i < segments.size() && matched; ++i) {
      const std::string& expected = route.segments[i];
      if (expected.starts_with(':')) {
        params.emplace_back(expected.substr(1), segments[i]);
      } else {
        matched = expected == segments[i];
      }
    }
    if (!matched) continue;
    result.path_matched = true;
    if (route.method != request.method) continue;
    request.path_params = std::move(params);
    result.handler = &route.handler;
    return result;
  }
  return result;
}

}  // namespace wick::detail
