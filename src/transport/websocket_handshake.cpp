#include "transport/websocket_handshake.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>

#include "base64.hpp"
#include "protocol/protocol_version.hpp"
#include "protocol/query_params.hpp"
#include "transport/origin_check.hpp"

namespace wick::detail {
namespace {

constexpr std::string_view auth_token_prefix = "base64url.bearer.phx.";

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> split_list(std::string_view text) {
  std::vector<std::string_view> items;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    std::string_view item = trim(text.substr(0, comma));
    if (!item.empty()) items.push_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return items;
}

bool contains_token(std::string_view list, std::string_view token) {
  for (std::string_view item : split_list(list)) {
    if (item.size() == token.size() &&
        std::equal(item.begin(), item.end(), token.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == b;
        })) {
      return true;
    }
  }
  return false;
}

// Subprotocols (spec §4.3): the authToken entry is taken out and decoded; when it was there,
// "phoenix" must be offered too. "phoenix" is answered whenever offered, since browsers fail a
// handshake that offered subprotocols and got none back.
int check_subprotocols(const HttpRequest& request, UpgradeCheck* check) {
  std::optional<std::string_view> offered = request.header("sec-websocket-protocol");
  if (!offered) return 0;
  bool phoenix = false;
  for (std::string_view protocol : split_list(*offered)) {
    if (protocol.starts_with(auth_token_prefix)) {
      check->auth_token = base64_decode(protocol.substr(auth_token_prefix.size()));
      if (!check->auth_token) return 400;
    } else if (protocol == "phoenix") {
      phoenix = true;
    }
  }
  if (check->auth_token && !phoenix) return 403;
  check->answer_phoenix_protocol = phoenix;
  return 0;
}

int check_rfc6455_headers(const HttpRequest& request, UpgradeCheck* check) {
  auto upgrade = request.header("upgrade");
  auto connection = request.header("connection");
  auto version = request.header("sec-websocket-version");
  auto key = request.header("sec-websocket-key");
  if (!upgrade || !contains_token(*upgrade, "websocket")) return 400;
  if (!connection || !contains_token(*connection, "upgrade")) return 400;
  if (!version || trim(*version) != "13") return 400;
  if (!key) return 400;
  auto decoded = base64_decode(trim(*key));
  if (!decoded || decoded->size() != 16) return 400;
  check->accept_key = websocket_accept_key(trim(*key));
  return 0;
}

}  // namespace

UpgradeCheck check_upgrade(const HttpRequest& request, const std::vector<std::string>& origins) {
  UpgradeCheck check;
  if (request.method != "GET") {
    check.refusal_status = 400;
    return check;
  }
  auto origin = request.header("origin");
  if (origin && !origins.empty() && !origin_allowed(*origin, origins)) {
    check.refusal_status = 403;
    return check;
  }
  if ((check.refusal_status = check_subprotocols(request, &check))) return check;
  check.params = parse_query(request.query);
  auto version = negotiate_version(check.params.if_contains("vsn"));
  if (!version) {
    check.refusal_status = 403;
    return check;
  }
  check.version = *version;
  check.refusal_status = check_rfc6455_headers(request, &check);
  return check;
}

HttpResponse upgrade_response(const UpgradeCheck& check) {
  HttpResponse response;
  response.status = 101;
  response.headers = {{"upgrade", "websocket"},
                      {"connection", "Upgrade"},
                      {"sec-websocket-accept", check.accept_key}};
  if (check.answer_phoenix_protocol)
    response.headers.emplace_back("sec-websocket-protocol", "phoenix");
  return response;
}

std::string websocket_accept_key(std::string_view client_key) {
  std::string input(client_key);
  input += "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  unsigned char encoded[4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1];
  int length = EVP_EncodeBlock(encoded, digest, SHA_DIGEST_LENGTH);
  return std::string(reinterpret_cast<char*>(encoded), static_cast<std::size_t>(length));
}

}  // namespace wick::detail
