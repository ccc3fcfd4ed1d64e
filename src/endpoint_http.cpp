#include "endpoint_http.hpp"

#include <openssl/crypto.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <stdexcept>

#include "endpoint_core.hpp"
#include "pubsub/pubsub.hpp"
#include "transport/prometheus.hpp"
#include "transport/static_files.hpp"

namespace wick::detail {
namespace {

HttpResponse json_response(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

HttpResponse error(int status, std::string_view message) {
  return json_response(status, "{\"error\":\"" + std::string(message) + "\"}");
}

bool authorized(const HttpRequest& request, const std::string& key) {
  auto header = request.header("authorization");
  std::string expected = "Bearer " + key;
  // Constant time, so the comparison does not leak how much of the key matched.
  return header && header->size() == expected.size() &&
         CRYPTO_memcmp(header->data(), expected.data(), expected.size()) == 0;
}

// POST /api/broadcast {"topic": "...", "event": "...", "payload": {...}} → 202.
HttpResponse broadcast(EndpointCore& core, const HttpRequest& request) {
  if (core.config.api_key.empty()) return error(404, "not found");
  if (request.method != "POST") return error(405, "method not allowed");
  if (!authorized(request, core.config.api_key)) return error(401, "unauthorized");
  boost::system::error_code ec;
  boost::json::value body = boost::json::parse(request.body, ec);
  if (ec || !body.is_object()) return error(400, "body must be a JSON object");
  auto& object = body.get_object();
  const auto* topic = object.if_contains("topic");
  const auto* event = object.if_contains("event");
  if (!topic || !topic->is_string() || topic->get_string().empty()) {
    return error(400, "topic must be a non-empty string");
  }
  if (!event || !event->is_string() || event->get_string().empty()) {
    return error(400, "event must be a non-empty string");
  }
  boost::json::value payload = boost::json::object();
  if (auto* given = object.if_contains("payload")) {
    if (!given->is_object()) return error(400, "payload must be a JSON object");
    payload = std::move(*given);
  }
  try {
    core.pubsub->broadcast(topic->get_string(), event->get_string(), Payload(std::move(payload)));
  } catch (const std::invalid_argument& refused) {
    // A payload the topic cannot take: its own "_wick" on a topic with history.
    return json_response(400,
                         boost::json::serialize(boost::json::object{{"error", refused.what()}}));
  }
  return json_response(202, "{\"status\":\"accepted\"}");
}

}  // namespace

HttpResponse answer_endpoint_request(EndpointCore& core, const HttpRequest& request) {
  if (request.path == "/health") {
    if (request.method != "GET" && request.method != "HEAD")
      return error(405, "method not allowed");
    return json_response(200, "{\"status\":\"ok\"}");
  }
  if (request.path == "/metrics" && core.config.metrics) {
    if (request.method != "GET" && request.method != "HEAD")
      return error(405, "method not allowed");
    HttpResponse response = json_response(200, prometheus_text(core.stats()));
    response.content_type = "text/plain; version=0.0.4";
    return response;
  }
  if (request.path == "/api/broadcast") return broadcast(core, request);
  if (auto file = serve_static(core.static_mounts, request)) return std::move(*file);
  return error(404, "not found");
}

}  // namespace wick::detail
