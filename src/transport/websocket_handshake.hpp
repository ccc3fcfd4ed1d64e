#pragma once
// The checks Phoenix makes before a WebSocket upgrade (spec §4.1), as a pure function of the
// request: method, origin, subprotocols and the authToken, vsn, and the RFC 6455 headers. The
// application's connect() runs after these pass.
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "protocol/serializer.hpp"
#include "transport/http_request.hpp"

namespace wick::detail {

struct UpgradeCheck {
  int refusal_status = 0;  // 400 or 403 when refused, else 0
  SerializerVersion version = SerializerVersion::v1;
  boost::json::object params;
  std::optional<std::string> auth_token;
  bool answer_phoenix_protocol = false;
  std::string accept_key;
};

UpgradeCheck check_upgrade(const HttpRequest& request, const std::vector<std::string>& origins);

/// The 101 response for an accepted check.
HttpResponse upgrade_response(const UpgradeCheck& check);

/// base64(SHA-1(key + RFC 6455 GUID)).
std::string websocket_accept_key(std::string_view client_key);

}  // namespace wick::detail
