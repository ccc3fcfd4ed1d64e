#pragma once
// The chat's JSON API over HTTP. Authenticated routes take "Authorization: Bearer <token>"
// (the token from register or login); errors are {"error": "<code>"} with a 4xx status.
//
//   POST /api/register {username, password}     → 201 {user_id, username, token}; 409 taken
//   POST /api/login    {username, password}     → 200 {user_id, username, token}; 401
//   GET  /api/me                                 → 200 {user_id, username}
//   POST /api/logout                             → 200 {}; the user's sockets are disconnected
//   POST /api/rooms {name, private}              → 201 {id, name, private, role: "admin"}
//   GET  /api/rooms                              → 200 {rooms: [{id, name, private, role}]}
//   POST /api/rooms/:id/members {user_id | username, role}  (admins) → 200 {room_id, user_id,
//                                                  username, role}
//   POST /api/rooms/:id/bans {user_id | username}            (admins) → 201 {room_id, user_id}
#include <memory>
#include <wick/wick.hpp>

#include "chat_context.hpp"

namespace chat {

void add_http_api(wick::Endpoint& endpoint, std::shared_ptr<const ChatContext> context);

}  // namespace chat
