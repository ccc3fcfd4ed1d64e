#pragma once
// The application's HTTP routes: "METHOD /literal/:param/..." patterns matched segment by
// segment, first added first.
#include <string>
#include <string_view>
#include <vector>
#include <wick/http.hpp>

namespace wick::detail {

class HttpRouter {
 public:
  void add(std::string method, std::string_view pattern, HttpHandler handler);
  bool empty() const { return routes_.empty(); }

  struct Match {
    const HttpHandler* handler = nullptr;  // null: no route for this method and path
    bool path_matched = false;             // some route has the path, for another method (405)
  };
  /// Matches `request` and fills its path_params.
  Match match(HttpRequest& request) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // ":name" captures one segment
    HttpHandler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace wick::detail
