#pragma once
// What the chat keeps: users, rooms, memberships with roles, bans, messages and reactions. The
// interface is what the chat's handlers need, in its own terms, so that one database can stand
// in for another: SqliteStore (embedded, one node) and PostgresStore (shared by several nodes).
// A store is used by one thread at a time; each worker has its own (see Database).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chat {

using Id = std::int64_t;

struct User {
  Id id = 0;
  std::string username;
  std::string password_hash;
};

struct Room {
  Id id = 0;
  std::string name;
  bool is_private = false;
};

enum class Role { member, moderator, admin };
std::string_view to_string(Role role);
std::optional<Role> role_from_string(std::string_view text);

struct Message {
  Id id = 0;
  Id room_id = 0;
  Id user_id = 0;
  std::string username;
  std::string body;
  std::int64_t inserted_at_ms = 0;
  std::map<std::string, std::vector<Id>> reactions;  // emoji → users, in reaction order
};

/// A room as one user sees it in the room list.
struct VisibleRoom {
  Room room;
  std::optional<Role> role;  // none: a public room the user has not joined
};

/// Files a reaction (message id, emoji, user) under its message in `page` (sorted by id); one
/// of another room is ignored. Both stores read a page's reactions by id range with this.
void add_reaction_to_page(std::vector<Message>& page, Id message, std::string emoji, Id user);

class ChatStore {
 public:
  virtual ~ChatStore() = default;

  // Transactions. The writer groups several operations into one transaction (group commit).
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  /// Called first in a transaction that adds messages to `rooms` (sorted, unique). Where
  /// several writers share the database, the writers of these rooms then wait for this one to
  /// commit, so that message ids in a room rise in commit order: a client that saw message N
  /// and asks for what came after it cannot miss one with a smaller id committed later.
  virtual void lock_rooms(const std::vector<Id>& rooms) = 0;

  /// The new user's id; none when the name is taken (names compare case-insensitively).
  virtual std::optional<Id> create_user(std::string_view username, std::string_view hash,
                                        std::int64_t now_ms) = 0;
  virtual std::optional<User> find_user(std::string_view username) = 0;
  virtual std::optional<User> find_user(Id id) = 0;

  /// Creates the room with `creator` as its admin.
  virtual Room create_room(std::string_view name, bool is_private, Id creator,
                           std::int64_t now_ms) = 0;
  virtual std::optional<Room> find_room(Id id) = 0;
  virtual std::vector<VisibleRoom> visible_rooms(Id user) = 0;
  virtual std::optional<Role> role(Id room, Id user) = 0;
  /// Adds or changes a membership and lifts a ban.
  virtual void set_member(Id room, Id user, Role role) = 0;
  virtual bool is_banned(Id room, Id user) = 0;
  /// Bans and ends the membership.
  virtual void ban(Id room, Id user, Id by, std::int64_t now_ms) = 0;
  /// Members of the room among `usernames` (for @mentions): id and username.
  virtual std::vector<User> members_named(Id room, const std::vector<std::string>& usernames) = 0;

  virtual Message add_message(Id room, Id user, std::string_view body, std::int64_t now_ms) = 0;
  /// The newest `limit` visible messages with id > after_id, oldest first, with reactions.
  virtual std::vector<Message> messages_after(Id room, Id after_id, int limit) = 0;
  /// The newest `limit` visible messages with id < before_id, oldest first, with reactions.
  virtual std::vector<Message> messages_before(Id room, Id before_id, int limit) = 0;
  /// True when the message exists in the room and is not deleted.
  virtual bool message_visible(Id room, Id message) = 0;
  /// False when the user already reacted with that emoji.
  virtual bool add_reaction(Id message, Id user, std::string_view emoji, std::int64_t now_ms) = 0;
  /// False when there is no such visible message in the room.
  virtual bool soft_delete(Id room, Id message, std::int64_t now_ms) = 0;
};

}  // namespace chat
