// The public HTTP request and response values (wick/http.hpp).
#include <boost/json/serialize.hpp>
#include <wick/http.hpp>

namespace wick {

std::optional<std::string_view> HttpRequest::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return std::nullopt;
}

std::string_view HttpRequest::param(std::string_view name) const {
  for (const auto& [key, value] : path_params) {
    if (key == name) return value;
  }
  return {};
}

std::optional<std::string_view> HttpRequest::bearer_token() const {
  auto authorization = header("authorization");
  constexpr std::string_view scheme = "Bearer ";
  if (!authorization || !authorization->starts_with(scheme)) return std::nullopt;
  return authorization->substr(scheme.size());
}

HttpResponse HttpResponse::json(int status, const json::value& body) {
  HttpResponse response;
  response.status = status;
  response.body = json::serialize(body);
  return response;
}

}  // namespace wick
