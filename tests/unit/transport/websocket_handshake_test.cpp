#include "transport/websocket_handshake.hpp"

#include <gtest/gtest.h>

namespace wick::detail {
namespace {

HttpRequest upgrade_request(std::string query = "vsn=2.0.0") {
  HttpRequest request;
  request.method = "GET";
  request.path = "/socket/websocket";
  request.query = std::move(query);
  request.headers = {{"host", "127.0.0.1"},
                     {"upgrade", "websocket"},
                     {"connection", "keep-alive, Upgrade"},
                     {"sec-websocket-version", "13"},
                     {"sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="}};
  return request;
}

TEST(WebSocketHandshake, ComputesTheRfc6455AcceptKey) {
  EXPECT_EQ(websocket_accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(WebSocketHandshake, AcceptsAPhoenixClientUpgrade) {
  UpgradeCheck check = check_upgrade(upgrade_request("user_id=7&vsn=2.0.0"), {});
  EXPECT_EQ(check.refusal_status, 0);
  EXPECT_EQ(check.version, SerializerVersion::v2);
  EXPECT_EQ(check.params.at("user_id"), "7");
  std::string response = serialize(upgrade_response(check), true);
  EXPECT_NE(response.find("HTTP/1.1 101"), std::string::npos);
  EXPECT_NE(response.find("sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), std::string::npos);
}

TEST(WebSocketHandshake, RefusesLikePhoenix) {
  HttpRequest post = upgrade_request();
  post.method = "POST";
  EXPECT_EQ(check_upgrade(post, {}).refusal_status, 400);
  EXPECT_EQ(check_upgrade(upgrade_request("vsn=3.0.0"), {}).refusal_status, 403);
  EXPECT_EQ(check_upgrade(upgrade_request("vsn[]=x"), {}).refusal_status, 403);
  EXPECT_EQ(check_upgrade(upgrade_request(""), {}).version, SerializerVersion::v1);
  HttpRequest plain = upgrade_request();
  plain.headers.resize(1);  // a plain GET: no upgrade headers
  EXPECT_EQ(check_upgrade(plain, {}).refusal_status, 400);
  HttpRequest old_version = upgrade_request();
  old_version.headers[3].second = "8";
  EXPECT_EQ(check_upgrade(old_version, {}).refusal_status, 400);
}

TEST(WebSocketHandshake, ChecksTheOriginOnlyWhenConfiguredAndPresent) {
  HttpRequest request = upgrade_request();
  EXPECT_EQ(check_upgrade(request, {"https://good.example"}).refusal_status, 0);
  request.headers.emplace_back("origin", "https://evil.example");
  EXPECT_EQ(check_upgrade(request, {"https://good.example"}).refusal_status, 403);
  EXPECT_EQ(check_upgrade(request, {}).refusal_status, 0);
}

TEST(WebSocketHandshake, TakesTheAuthTokenFromTheSubprotocols) {
  HttpRequest request = upgrade_request();
  // phoenix.js: btoa("secret-token") without padding.
  request.headers.emplace_back("sec-websocket-protocol",
                               "phoenix, base64url.bearer.phx.c2VjcmV0LXRva2Vu");
  UpgradeCheck check = check_upgrade(request, {});
  EXPECT_EQ(check.refusal_status, 0);
  EXPECT_EQ(check.auth_token, "secret-token");
  EXPECT_TRUE(check.answer_phoenix_protocol);
  EXPECT_NE(serialize(upgrade_response(check), true).find("sec-websocket-protocol: phoenix"),
            std::string::npos);
  request.headers.back().second = "base64url.bearer.phx.c2VjcmV0LXRva2Vu";
  EXPECT_EQ(check_upgrade(request, {}).refusal_status, 403);  // "phoenix" must be offered too
}

}  // namespace
}  // namespace wick::detail
