#include "storage/postgres_store.hpp"

#include <algorithm>
#include <cctype>

#include "storage/migrations.hpp"

namespace chat {
namespace {

// pg_advisory_xact_lock's key for migrations: any constant the nodes agree on ("wickchat").
constexpr std::int64_t migration_lock = 0x7769636b63686174;

constexpr std::string_view message_columns =
    "SELECT m.id, m.room_id, m.user_id, u.username, m.body, m.inserted_at "
    "FROM messages m JOIN users u ON u.id = m.user_id ";

std::string page_query(std::string_view condition) {
  return "SELECT * FROM (" + std::string(message_columns) + "WHERE m.room_id = $1 AND m.id " +
         std::string(condition) +
         " $2 AND m.deleted_at IS NULL ORDER BY m.id DESC LIMIT $3) page ORDER BY id";
}

std::string lowercase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

}  // namespace

PostgresStore::PostgresStore(const std::string& url) : db_(url) {
  migrate();
  prepare_statements();
}

void PostgresStore::migrate() {
  db_.exec("BEGIN");
  try {
    db_.exec("SELECT pg_advisory_xact_lock(" + std::to_string(migration_lock) + ")");
    db_.exec(
        "CREATE TABLE IF NOT EXISTS chat_schema (version INTEGER NOT NULL);"
        "INSERT INTO chat_schema SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM chat_schema)");
    db_.prepare("schema_version", "SELECT version FROM chat_schema");
    auto current = static_cast<std::size_t>(db_.run("schema_version", {}).int64(0, 0));
    migrate_from(current, &Migration::postgresql, [&](std::string_view step, std::size_t version) {
      db_.exec(step);
      db_.exec("UPDATE chat_schema SET version = " + std::to_string(version));
    });
    db_.exec("COMMIT");
  } catch (...) {
    db_.exec("ROLLBACK");
    throw;
  }
}

void PostgresStore::prepare_statements() {
  db_.prepare("insert_user",
              "INSERT INTO users (username, password_hash, inserted_at) VALUES ($1, $2, $3) "
              "ON CONFLICT DO NOTHING RETURNING id");
  db_.prepare("user_by_name",
              "SELECT id, username, password_hash FROM users WHERE lower(username) = lower($1)");
  db_.prepare("user_by_id", "SELECT id, username, password_hash FROM users WHERE id = $1");
  db_.prepare("insert_room",
              "INSERT INTO rooms (name, private, created_by, inserted_at) "
              "VALUES ($1, $2, $3, $4) RETURNING id");
  db_.prepare("room_by_id", "SELECT id, name, private FROM rooms WHERE id = $1");
  db_.prepare("visible_rooms",
              "SELECT r.id, r.name, r.private, m.role FROM rooms r "
              "LEFT JOIN room_members m ON m.room_id = r.id AND m.user_id = $1 "
              "WHERE (NOT r.private OR m.role IS NOT NULL) AND NOT EXISTS "
              "(SELECT 1 FROM room_bans b WHERE b.room_id = r.id AND b.user_id = $1) "
              "ORDER BY r.id");
  db_.prepare("role", "SELECT role FROM room_members WHERE room_id = $1 AND user_id = $2");
  db_.prepare("set_member",
              "WITH unban AS (DELETE FROM room_bans WHERE room_id = $1 AND user_id = $2) "
              "INSERT INTO room_members (room_id, user_id, role) VALUES ($1, $2, $3) "
              "ON CONFLICT (room_id, user_id) DO UPDATE SET role = EXCLUDED.role");
  db_.prepare("banned", "SELECT 1 FROM room_bans WHERE room_id = $1 AND user_id = $2");
  db_.prepare("ban",
              "WITH leave AS (DELETE FROM room_members WHERE room_id = $1 AND user_id = $2) "
              "INSERT INTO room_bans (room_id, user_id, banned_by, inserted_at) "
              "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING");
  db_.prepare("members_named",
              "SELECT u.id, u.username FROM users u JOIN room_members m "
              "ON m.user_id = u.id AND m.room_id = $1 "
              "WHERE lower(u.username) = ANY ($2::text[]) ORDER BY u.id");
  db_.prepare("insert_message",
              "WITH m AS (INSERT INTO messages (room_id, user_id, body, inserted_at) "
              "VALUES ($1, $2, $3, $4) RETURNING id, user_id) "
              "SELECT m.id, u.username FROM m JOIN users u ON u.id = m.user_id");
  db_.prepare("page_after", page_query(">"));
  db_.prepare("page_before", page_query("<"));
  db_.prepare("reactions_between",
              "SELECT message_id, emoji, user_id FROM reactions "
              "WHERE message_id BETWEEN $1 AND $2 ORDER BY id");
  db_.prepare("message_visible",
              "SELECT 1 FROM messages WHERE id = $1 AND room_id = $2 AND deleted_at IS NULL");
  db_.prepare("insert_reaction",
              "INSERT INTO reactions (message_id, user_id, emoji, inserted_at) "
              "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING");
  db_.prepare("soft_delete",
              "UPDATE messages SET deleted_at = $1 WHERE id = $2 AND room_id = $3 "
              "AND deleted_at IS NULL");
  // FOR NO KEY UPDATE: writers of messages to these rooms wait for each other, while the
  // foreign-key checks of other writes (memberships, messages) do not wait. Sorted, so that two
  // groups cannot each hold a room the other waits for.
  db_.prepare("lock_rooms",
              "SELECT id FROM rooms WHERE id = ANY ($1::bigint[]) ORDER BY id FOR NO KEY UPDATE");
}

postgres::Connection& PostgresStore::db() {
  if (!in_transaction_ && db_.broken()) db_.reconnect();
  return db_;
}

// BEGIN travels with the statement that follows it, in one round trip.
void PostgresStore::begin() {
  db().defer("BEGIN");
  in_transaction_ = true;
}

void PostgresStore::commit() {
  in_transaction_ = false;
  db_.exec("COMMIT");
}

void PostgresStore::rollback() {
  in_transaction_ = false;
  db_.drop_deferred();  // a BEGIN not sent yet: there is nothing to roll back
  if (!db_.broken()) db_.exec("ROLLBACK");
}

void PostgresStore::lock_rooms(const std::vector<Id>& rooms) {
  db_.run("lock_rooms", {postgres::array_literal(rooms)});
}

std::optional<Id> PostgresStore::create_user(std::string_view username, std::string_view hash,
                                             std::int64_t now_ms) {
  auto inserted = db().run("insert_user", {username, hash, now_ms});
  if (inserted.rows() == 0) return std::nullopt;
  return inserted.int64(0, 0);
}

namespace {

std::optional<User> read_user(const postgres::Result& rows) {
  if (rows.rows() == 0) return std::nullopt;
  return User{rows.int64(0, 0), rows.text(0, 1), rows.text(0, 2)};
}

}  // namespace

std::optional<User> PostgresStore::find_user(std::string_view username) {
  return read_user(db().run("user_by_name", {username}));
}

std::optional<User> PostgresStore::find_user(Id id) {
  return read_user(db().run("user_by_id", {id}));
}

Room PostgresStore::create_room(std::string_view name, bool is_private, Id creator,
                                std::int64_t now_ms) {
  auto inserted = db().run("insert_room", {name, is_private, creator, now_ms});
  Room room{inserted.int64(0, 0), std::string(name), is_private};
  set_member(room.id, creator, Role::admin);
  return room;
}

std::optional<Room> PostgresStore::find_room(Id id) {
  auto rows = db().run("room_by_id", {id});
  if (rows.rows() == 0) return std::nullopt;
  return Room{rows.int64(0, 0), rows.text(0, 1), rows.boolean(0, 2)};
}

std::vector<VisibleRoom> PostgresStore::visible_rooms(Id user) {
  auto rows = db().run("visible_rooms", {user});
  std::vector<VisibleRoom> rooms;
  for (int row = 0; row < rows.rows(); ++row) {
    VisibleRoom visible{{rows.int64(row, 0), rows.text(row, 1), rows.boolean(row, 2)},
                        std::nullopt};
    if (!rows.is_null(row, 3)) visible.role = role_from_string(rows.text(row, 3));
    rooms.push_back(std::move(visible));
  }
  return rooms;
}

std::optional<Role> PostgresStore::role(Id room, Id user) {
  auto rows = db().run("role", {room, user});
  if (rows.rows() == 0) return std::nullopt;
  return role_from_string(rows.text(0, 0));
}

void PostgresStore::set_member(Id room, Id user, Role role) {
  db().run("set_member", {room, user, to_string(role)});
}

bool PostgresStore::is_banned(Id room, Id user) {
  return db().run("banned", {room, user}).rows() > 0;
}

void PostgresStore::ban(Id room, Id user, Id by, std::int64_t now_ms) {
  db().run("ban", {room, user, by, now_ms});
}

std::vector<User> PostgresStore::members_named(Id room, const std::vector<std::string>& usernames) {
  if (usernames.empty()) return {};
  std::vector<std::string> lower;
  for (const auto& name : usernames) lower.push_back(lowercase(name));  // valid_username's
  auto rows = db().run("members_named", {room, postgres::array_literal(lower)});
  std::vector<User> members;
  for (int row = 0; row < rows.rows(); ++row) {
    members.push_back(User{rows.int64(row, 0), rows.text(row, 1), {}});
  }
  return members;
}

Message PostgresStore::add_message(Id room, Id user, std::string_view body, std::int64_t now_ms) {
  auto inserted = db().run("insert_message", {room, user, body, now_ms});
  return Message{inserted.int64(0, 0), room,   user, inserted.text(0, 1),
                 std::string(body),    now_ms, {}};
}

std::vector<Message> PostgresStore::read_page(const std::string& statement, Id room, Id bound,
                                              int limit) {
  auto rows = db().run(statement, {room, bound, limit});
  std::vector<Message> page;
  page.reserve(static_cast<std::size_t>(rows.rows()));
  for (int row = 0; row < rows.rows(); ++row) {
    page.push_back(Message{rows.int64(row, 0),
                           rows.int64(row, 1),
                           rows.int64(row, 2),
                           rows.text(row, 3),
                           rows.text(row, 4),
                           rows.int64(row, 5),
                           {}});
  }
  if (page.empty()) return page;
  // One range scan for the page's reactions; ids of other rooms in the range are skipped.
  auto reactions = db().run("reactions_between", {page.front().id, page.back().id});
  for (int row = 0; row < reactions.rows(); ++row) {
    add_reaction_to_page(page, reactions.int64(row, 0), reactions.text(row, 1),
                         reactions.int64(row, 2));
  }
  return page;
}

std::vector<Message> PostgresStore::messages_after(Id room, Id after_id, int limit) {
  return read_page("page_after", room, after_id, limit);
}

std::vector<Message> PostgresStore::messages_before(Id room, Id before_id, int limit) {
  return read_page("page_before", room, before_id, limit);
}

bool PostgresStore::message_visible(Id room, Id message) {
  return db().run("message_visible", {message, room}).rows() > 0;
}

bool PostgresStore::add_reaction(Id message, Id user, std::string_view emoji, std::int64_t now_ms) {
  return db().run("insert_reaction", {message, user, emoji, now_ms}).affected() > 0;
}

bool PostgresStore::soft_delete(Id room, Id message, std::int64_t now_ms) {
  return db().run("soft_delete", {now_ms, message, room}).affected() > 0;
}

}  // namespace chat
