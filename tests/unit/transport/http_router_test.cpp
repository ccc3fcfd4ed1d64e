// Application HTTP routes: literal and ":param" segments, first match wins, 405 for a path
// that another method serves.
#include "transport/http_router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace wick::detail {
namespace {

HttpHandler named(std::string* called, std::string name) {
  return [called, name](const HttpRequest&, HttpResponder) { *called = name; };
}

HttpRequest request(std::string method, std::string path) {
  HttpRequest r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

TEST(HttpRouter, MatchesSegmentsAndCapturesParameters) {
  HttpRouter router;
  std::string called;
  router.add("GET", "/api/rooms", named(&called, "list"));
  router.add("GET", "/api/rooms/:id/messages", named(&called, "messages"));
  HttpRequest messages = request("GET", "/api/rooms/42/messages");
  HttpRouter::Match match = router.match(messages);
  ASSERT_NE(match.handler, nullptr);
  (*match.handler)(messages, HttpResponder());
  EXPECT_EQ(called, "messages");
  EXPECT_EQ(messages.param("id"), "42");
  EXPECT_EQ(messages.param("other"), "");
  HttpRequest trailing = request("GET", "/api/rooms/");
  EXPECT_NE(router.match(trailing).handler, nullptr);
}

TEST(HttpRouter, FirstRouteAddedWins) {
  HttpRouter router;
  std::string called;
  router.add("GET", "/a/:x", named(&called, "param"));
  router.add("GET", "/a/literal", named(&called, "literal"));
  HttpRequest r = request("GET", "/a/literal");
  HttpRouter::Match match = router.match(r);
  ASSERT_NE(match.handler, nullptr);
  (*match.handler)(r, HttpResponder());
  EXPECT_EQ(called, "param");
}

TEST(HttpRouter, TellsAnotherMethodFromNoRoute) {
  HttpRouter router;
  std::string called;
  router.add("POST", "/api/login", named(&called, "login"));
  HttpRequest get = request("GET", "/api/login");
  HttpRouter::Match wrong_method = router.match(get);
  EXPECT_EQ(wrong_method.handler, nullptr);
  EXPECT_TRUE(wrong_method.path_matched);
  HttpRequest missing = request("POST", "/api/logout");
  EXPECT_FALSE(router.match(missing).path_matched);
}

TEST(HttpRouter, RefusesPatternsThatAreNoPaths) {
  HttpRouter router;
  EXPECT_THROW(router.add("GET", "api", named(nullptr, "")), std::invalid_argument);
}

}  // namespace
}  // namespace wick::detail
