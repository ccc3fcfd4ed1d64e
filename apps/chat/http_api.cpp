#include "http_api.hpp"

#include <boost/json/parse.hpp>

#include "chat_json.hpp"
#include "mentions.hpp"
#include "passwords.hpp"

namespace chat {
namespace {

using wick::HttpRequest;
using wick::HttpResponder;
using wick::HttpResponse;
using Context = std::shared_ptr<const ChatContext>;

constexpr std::size_t min_password = 8;
constexpr std::size_t max_password = 256;
constexpr std::size_t max_room_name = 64;

HttpResponse failure(int status, std::string_view code) {
  return HttpResponse::json(status, {{"error", code}});
}

/// The JSON object body, or none (and the responder has answered 400).
std::optional<wick::json::object> body_object(const HttpRequest& request,
                                              const HttpResponder& respond) {
  boost::system::error_code ec;
  wick::json::value body = boost::json::parse(request.body, ec);
  if (ec || !body.is_object()) {
    respond.send(failure(400, "invalid_json"));
    return std::nullopt;
  }
  return std::move(body.get_object());
}

std::string string_field(const wick::json::object& body, std::string_view name) {
  const auto* value = body.if_contains(name);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

/// Runs `handler` with the caller's identity, or answers 401.
template <class Handler>
wick::HttpHandler authenticated(Context context, Handler handler) {
  return [context, handler](const HttpRequest& request, HttpResponder respond) {
    auto token = request.bearer_token();
    auto identity = token ? context->identify(*token) : std::nullopt;
    if (!identity) return respond.send(failure(401, "unauthorized"));
    handler(request, respond, *identity);
  };
}

HttpResponse signed_in(const ChatContext& context, int status, Id user_id,
                       const std::string& username) {
  return HttpResponse::json(
      status,
      {{"user_id", user_id}, {"username", username}, {"token", context.sign({user_id, username})}});
}

void add_account_routes(wick::Endpoint& endpoint, const Context& context) {
  endpoint.route("POST", "/api/register",
                 [context](const HttpRequest& request, HttpResponder respond) {
                   auto body = body_object(request, respond);
                   if (!body) return;
                   std::string username = string_field(*body, "username");
                   std::string password = string_field(*body, "password");
                   if (!valid_username(username))
                     return respond.send(failure(400, "invalid_username"));
                   if (password.size() < min_password || password.size() > max_password) {
                     return respond.send(failure(400, "invalid_password"));
                   }
                   context->hashers.submit([context, respond, username, password](unsigned) {
                     std::string hash = hash_password(password);
                     context->database.write(
                         [=](ChatStore& store) -> std::function<void()> {
                           auto id = store.create_user(username, hash, now_ms());
                           if (!id)
                             return [respond] { respond.send(failure(409, "username_taken")); };
                           return [=] { respond.send(signed_in(*context, 201, *id, username)); };
                         },
                         [respond] { respond.send(failure(503, "unavailable")); });
                   });
                 });

  // A made-up hash for unknown names, so that their answer takes as long as a wrong password.
  auto decoy = std::make_shared<const std::string>(hash_password("decoy password"));
  endpoint.route(
      "POST", "/api/login", [context, decoy](const HttpRequest& request, HttpResponder respond) {
        auto body = body_object(request, respond);
        if (!body) return;
        std::string username = string_field(*body, "username");
        std::string password = string_field(*body, "password");
        context->database.read([=](ChatStore& store) {
          auto user = valid_username(username) ? store.find_user(username) : std::nullopt;
          context->hashers.submit([=](unsigned) {
            bool ok = verify_password(password, user ? user->password_hash : *decoy) && user;
            if (!ok) return respond.send(failure(401, "invalid_credentials"));
            respond.send(signed_in(*context, 200, user->id, user->username));
          });
        });
      });

  endpoint.route(
      "GET", "/api/me",
      authenticated(context, [](const HttpRequest&, const HttpResponder& respond,
                                const ChatContext::Identity& me) {
        respond.send(HttpResponse::json(200, {{"user_id", me.user_id}, {"username", me.username}}));
      }));

  endpoint.route("POST", "/api/logout",
                 authenticated(context, [context](const HttpRequest&, const HttpResponder& respond,
                                                  const ChatContext::Identity& me) {
                   context->endpoint.broadcast("user_socket:" + std::to_string(me.user_id),
                                               "disconnect", wick::json::object());
                   respond.send(HttpResponse::json(200, wick::json::object()));
                 }));
}

/// The target user of a members or bans request: by user_id, or by username.
std::optional<User> target_user(ChatStore& store, const wick::json::object& body) {
  if (auto id = read_id(body.if_contains("user_id"))) return store.find_user(*id);
  std::string username = string_field(body, "username");
  if (!username.empty()) return store.find_user(username);
  return std::nullopt;
}

/// Runs `act` for an admin of room :id inside a write; answers 404 or 403 otherwise.
template <class Act>
void as_room_admin(const Context& context, const HttpRequest& request, const HttpResponder& respond,
                   const ChatContext::Identity& me, Act act) {
  auto room = read_id(request.param("id"));
  if (!room) return respond.send(failure(404, "room_not_found"));
  auto body = body_object(request, respond);
  if (!body) return;
  context->database.write(
      [=, body = std::move(*body)](ChatStore& store) -> std::function<void()> {
        if (!store.find_room(*room))
          return [respond] { respond.send(failure(404, "room_not_found")); };
        if (store.role(*room, me.user_id) != Role::admin) {
          return [respond] { respond.send(failure(403, "forbidden")); };
        }
        auto target = target_user(store, body);
        if (!target) return [respond] { respond.send(failure(404, "user_not_found")); };
        return act(store, *room, *target, body);
      },
      [respond] { respond.send(failure(503, "unavailable")); });
}

void add_room_routes(wick::Endpoint& endpoint, const Context& context) {
  endpoint.route(
      "POST", "/api/rooms",
      authenticated(context, [context](const HttpRequest& request, const HttpResponder& respond,
                                       const ChatContext::Identity& me) {
        auto body = body_object(request, respond);
        if (!body) return;
        std::string name = string_field(*body, "name");
        const auto* is_private = body->if_contains("private");
        if (name.empty() || name.size() > max_room_name) {
          return respond.send(failure(400, "invalid_name"));
        }
        bool hidden = is_private && is_private->is_bool() && is_private->get_bool();
        context->database.write(
            [=](ChatStore& store) -> std::function<void()> {
              Room room = store.create_room(name, hidden, me.user_id, now_ms());
              return [=] {
                wick::json::object json = room_json(room);
                json["role"] = "admin";
                respond.send(HttpResponse::json(201, json));
              };
            },
            [respond] { respond.send(failure(503, "unavailable")); });
      }));

  endpoint.route("GET", "/api/rooms",
                 authenticated(context, [context](const HttpRequest&, const HttpResponder& respond,
                                                  const ChatContext::Identity& me) {
                   context->database.read([=](ChatStore& store) {
                     wick::json::array rooms;
                     for (const auto& visible : store.visible_rooms(me.user_id)) {
                       wick::json::object json = room_json(visible.room);
                       json["role"] =
                           visible.role ? wick::json::value(to_string(*visible.role)) : nullptr;
                       rooms.push_back(std::move(json));
                     }
                     respond.send(HttpResponse::json(200, {{"rooms", std::move(rooms)}}));
                   });
                 }));

  endpoint.route(
      "POST", "/api/rooms/:id/members",
      authenticated(context, [context](const HttpRequest& request, const HttpResponder& respond,
                                       const ChatContext::Identity& me) {
        as_room_admin(context, request, respond, me,
                      [respond](ChatStore& store, Id room, const User& user,
                                const wick::json::object& body) -> std::function<void()> {
                        std::string role_text = string_field(body, "role");
                        auto role = role_text.empty() ? Role::member : role_from_string(role_text);
                        if (!role) return [respond] { respond.send(failure(400, "invalid_role")); };
                        store.set_member(room, user.id, *role);
                        return [=] {
                          respond.send(HttpResponse::json(200, {{"room_id", room},
                                                                {"user_id", user.id},
                                                                {"username", user.username},
                                                                {"role", to_string(*role)}}));
                        };
                      });
      }));

  endpoint.route(
      "POST", "/api/rooms/:id/bans",
      authenticated(context, [context](const HttpRequest& request, const HttpResponder& respond,
                                       const ChatContext::Identity& me) {
        as_room_admin(
            context, request, respond, me,
            [context, respond, me](ChatStore& store, Id room, const User& user,
                                   const wick::json::object&) -> std::function<void()> {
              if (user.id == me.user_id) {
                return [respond] { respond.send(failure(400, "cannot_ban_yourself")); };
              }
              store.ban(room, user.id, me.user_id, now_ms());
              return [=] {
                // Intercepted by the banned user's channels, which close; others see the event.
                context->endpoint.broadcast("chat:" + std::to_string(room), "user_banned",
                                            wick::json::object{{"user_id", user.id}});
                respond.send(HttpResponse::json(201, {{"room_id", room}, {"user_id", user.id}}));
              };
            });
      }));
}

}  // namespace

void add_http_api(wick::Endpoint& endpoint, std::shared_ptr<const ChatContext> context) {
  add_account_routes(endpoint, context);
  add_room_routes(endpoint, context);
}

}  // namespace chat
