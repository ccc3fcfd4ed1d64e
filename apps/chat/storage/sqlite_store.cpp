#include "storage/sqlite_store.hpp"

#include "storage/migrations.hpp"

namespace chat {
namespace {

constexpr std::string_view message_columns =
    "SELECT m.id, m.room_id, m.user_id, u.username, m.body, m.inserted_at "
    "FROM messages m JOIN users u ON u.id = m.user_id ";

std::string page_query(std::string_view condition) {
  return "SELECT * FROM (" + std::string(message_columns) + "WHERE m.room_id = ?1 AND m.id " +
         std::string(condition) +
         " ?2 AND m.deleted_at IS NULL ORDER BY m.id DESC LIMIT ?3) ORDER BY id";
}

}  // namespace

struct SqliteStore::Statements {
  explicit Statements(sqlite::Connection& db)
      : begin(db, "BEGIN IMMEDIATE"),
        commit(db, "COMMIT"),
        rollback(db, "ROLLBACK"),
        insert_user(db,
                    "INSERT INTO users (username, password_hash, inserted_at) VALUES (?, ?, ?) "
                    "ON CONFLICT DO NOTHING"),
        user_by_name(db, "SELECT id, username, password_hash FROM users WHERE username = ?"),
        user_by_id(db, "SELECT id, username, password_hash FROM users WHERE id = ?"),
        insert_room(
            db, "INSERT INTO rooms (name, private, created_by, inserted_at) VALUES (?, ?, ?, ?)"),
        room_by_id(db, "SELECT id, name, private FROM rooms WHERE id = ?"),
        visible_rooms(db,
                      "SELECT r.id, r.name, r.private, m.role FROM rooms r "
                      "LEFT JOIN room_members m ON m.room_id = r.id AND m.user_id = ?1 "
                      "WHERE (r.private = 0 OR m.role IS NOT NULL) AND NOT EXISTS "
                      "(SELECT 1 FROM room_bans b WHERE b.room_id = r.id AND b.user_id = ?1) "
                      "ORDER BY r.id"),
        role(db, "SELECT role FROM room_members WHERE room_id = ? AND user_id = ?"),
        upsert_member(db,
                      "INSERT INTO room_members (room_id, user_id, role) VALUES (?1, ?2, ?3) "
                      "ON CONFLICT (room_id, user_id) DO UPDATE SET role = ?3"),
        delete_member(db, "DELETE FROM room_members WHERE room_id = ? AND user_id = ?"),
        banned(db, "SELECT 1 FROM room_bans WHERE room_id = ? AND user_id = ?"),
        insert_ban(db,
                   "INSERT INTO room_bans (room_id, user_id, banned_by, inserted_at) "
                   "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"),
        delete_ban(db, "DELETE FROM room_bans WHERE room_id = ? AND user_id = ?"),
        member_named(db,
                     "SELECT u.id, u.username FROM users u JOIN room_members m "
                     "ON m.user_id = u.id AND m.room_id = ? WHERE u.username = ?"),
        insert_message(db,
                       "INSERT INTO messages (room_id, user_id, body, inserted_at) "
                       "VALUES (?, ?, ?, ?)"),
        username(db, "SELECT username FROM users WHERE id = ?"),
        page_after(db, page_query(">")),
        page_before(db, page_query("<")),
        reactions_between(db,
                          "SELECT message_id, emoji, user_id FROM reactions "
                          "WHERE message_id BETWEEN ? AND ? ORDER BY id"),
        message_visible(db,
                        "SELECT 1 FROM messages WHERE id = ? AND room_id = ? "
                        "AND deleted_at IS NULL"),
        insert_reaction(db,
                        "INSERT INTO reactions (message_id, user_id, emoji, inserted_at) "
                        "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"),
        soft_delete(db,
                    "UPDATE messages SET deleted_at = ? WHERE id = ? AND room_id = ? "
                    "AND deleted_at IS NULL") {}

  sqlite::Statement begin, commit, rollback;
  sqlite::Statement insert_user, user_by_name, user_by_id;
  sqlite::Statement insert_room, room_by_id, visible_rooms;
  sqlite::Statement role, upsert_member, delete_member, banned, insert_ban, delete_ban;
  sqlite::Statement member_named;
  sqlite::Statement insert_message, username, page_after, page_before, reactions_between;
  sqlite::Statement message_visible, insert_reaction, soft_delete;
};

SqliteStore::SqliteStore(const std::string& path) : db_(path) {
  db_.exec("PRAGMA journal_mode = WAL");
  // FULL: a commit is on disk (the WAL fsynced) before anyone is told it happened.
  db_.exec("PRAGMA synchronous = FULL");
  db_.exec("PRAGMA foreign_keys = ON");
  // Migrations run under the write lock, so that two processes never migrate at once.
  db_.exec("BEGIN IMMEDIATE");
  try {
    sqlite::Statement version(db_, "PRAGMA user_version");
    version.step();
    auto current = static_cast<std::size_t>(version.int64(0));
    version.reset();
    migrate_from(current, &Migration::sqlite, [&](std::string_view step, std::size_t version) {
      db_.exec(step);
      db_.exec("PRAGMA user_version = " + std::to_string(version));
    });
    db_.exec("COMMIT");
  } catch (...) {
    db_.exec("ROLLBACK");
    throw;
  }
  statements_ = std::make_unique<Statements>(db_);
}

SqliteStore::~SqliteStore() = default;

void SqliteStore::begin() { statements_->begin.reset().run(); }
void SqliteStore::commit() { statements_->commit.reset().run(); }
void SqliteStore::rollback() { statements_->rollback.reset().run(); }
// The only writer: commits are in id order already.
void SqliteStore::lock_rooms(const std::vector<Id>&) {}

std::optional<Id> SqliteStore::create_user(std::string_view username, std::string_view hash,
                                           std::int64_t now_ms) {
  auto& insert = statements_->insert_user;
  sqlite::ResetGuard guard(insert);
  insert.bind(1, username).bind(2, hash).bind(3, now_ms).run();
  if (db_.changes() == 0) return std::nullopt;
  return db_.last_insert_id();
}

namespace {

std::optional<User> read_user(sqlite::Statement& query) {
  sqlite::ResetGuard guard(query);
  if (!query.step()) return std::nullopt;
  return User{query.int64(0), query.text(1), query.text(2)};
}

}  // namespace

std::optional<User> SqliteStore::find_user(std::string_view username) {
  return read_user(statements_->user_by_name.bind(1, username));
}

std::optional<User> SqliteStore::find_user(Id id) {
  return read_user(statements_->user_by_id.bind(1, id));
}

Room SqliteStore::create_room(std::string_view name, bool is_private, Id creator,
                              std::int64_t now_ms) {
  auto& insert = statements_->insert_room;
  {
    sqlite::ResetGuard guard(insert);
    insert.bind(1, name).bind(2, std::int64_t{is_private}).bind(3, creator).bind(4, now_ms).run();
  }
  Room room{db_.last_insert_id(), std::string(name), is_private};
  set_member(room.id, creator, Role::admin);
  return room;
}

std::optional<Room> SqliteStore::find_room(Id id) {
  auto& query = statements_->room_by_id;
  sqlite::ResetGuard guard(query);
  if (!query.bind(1, id).step()) return std::nullopt;
  return Room{query.int64(0), query.text(1), query.int64(2) != 0};
}

std::vector<VisibleRoom> SqliteStore::visible_rooms(Id user) {
  auto& query = statements_->visible_rooms;
  sqlite::ResetGuard guard(query);
  query.bind(1, user);
  std::vector<VisibleRoom> rooms;
  while (query.step()) {
    VisibleRoom visible{{query.int64(0), query.text(1), query.int64(2) != 0}, std::nullopt};
    if (!query.is_null(3)) visible.role = role_from_string(query.text(3));
    rooms.push_back(std::move(visible));
  }
  return rooms;
}

std::optional<Role> SqliteStore::role(Id room, Id user) {
  auto& query = statements_->role;
  sqlite::ResetGuard guard(query);
  if (!query.bind(1, room).bind(2, user).step()) return std::nullopt;
  return role_from_string(query.text(0));
}

void SqliteStore::set_member(Id room, Id user, Role role) {
  {
    auto& upsert = statements_->upsert_member;
    sqlite::ResetGuard guard(upsert);
    upsert.bind(1, room).bind(2, user).bind(3, to_string(role)).run();
  }
  auto& unban = statements_->delete_ban;
  sqlite::ResetGuard guard(unban);
  unban.bind(1, room).bind(2, user).run();
}

bool SqliteStore::is_banned(Id room, Id user) {
  auto& query = statements_->banned;
  sqlite::ResetGuard guard(query);
  return query.bind(1, room).bind(2, user).step();
}

void SqliteStore::ban(Id room, Id user, Id by, std::int64_t now_ms) {
  {
    auto& insert = statements_->insert_ban;
    sqlite::ResetGuard guard(insert);
    insert.bind(1, room).bind(2, user).bind(3, by).bind(4, now_ms).run();
  }
  auto& remove = statements_->delete_member;
  sqlite::ResetGuard guard(remove);
  remove.bind(1, room).bind(2, user).run();
}

std::vector<User> SqliteStore::members_named(Id room, const std::vector<std::string>& usernames) {
  std::vector<User> members;
  auto& query = statements_->member_named;
  for (const auto& name : usernames) {
    sqlite::ResetGuard guard(query);
    if (query.bind(1, room).bind(2, name).step()) {
      members.push_back(User{query.int64(0), query.text(1), {}});
    }
  }
  return members;
}

Message SqliteStore::add_message(Id room, Id user, std::string_view body, std::int64_t now_ms) {
  {
    auto& insert = statements_->insert_message;
    sqlite::ResetGuard guard(insert);
    insert.bind(1, room).bind(2, user).bind(3, body).bind(4, now_ms).run();
  }
  Message message{db_.last_insert_id(), room, user, {}, std::string(body), now_ms, {}};
  auto& name = statements_->username;
  sqlite::ResetGuard guard(name);
  if (name.bind(1, user).step()) message.username = name.text(0);
  return message;
}

std::vector<Message> SqliteStore::read_page(sqlite::Statement& query) {
  std::vector<Message> page;
  {
    sqlite::ResetGuard guard(query);
    while (query.step()) {
      page.push_back(Message{query.int64(0),
                             query.int64(1),
                             query.int64(2),
                             query.text(3),
                             query.text(4),
                             query.int64(5),
                             {}});
    }
  }
  if (page.empty()) return page;
  // One range scan for the page's reactions; ids of other rooms in the range are skipped.
  auto& reactions = statements_->reactions_between;
  sqlite::ResetGuard guard(reactions);
  reactions.bind(1, page.front().id).bind(2, page.back().id);
  while (reactions.step()) {
    add_reaction_to_page(page, reactions.int64(0), reactions.text(1), reactions.int64(2));
  }
  return page;
}

std::vector<Message> SqliteStore::messages_after(Id room, Id after_id, int limit) {
  return read_page(statements_->page_after.bind(1, room).bind(2, after_id).bind(3, limit));
}

std::vector<Message> SqliteStore::messages_before(Id room, Id before_id, int limit) {
  return read_page(statements_->page_before.bind(1, room).bind(2, before_id).bind(3, limit));
}

bool SqliteStore::message_visible(Id room, Id message) {
  auto& query = statements_->message_visible;
  sqlite::ResetGuard guard(query);
  return query.bind(1, message).bind(2, room).step();
}

bool SqliteStore::add_reaction(Id message, Id user, std::string_view emoji, std::int64_t now_ms) {
  auto& insert = statements_->insert_reaction;
  sqlite::ResetGuard guard(insert);
  insert.bind(1, message).bind(2, user).bind(3, emoji).bind(4, now_ms).run();
  return db_.changes() > 0;
}

bool SqliteStore::soft_delete(Id room, Id message, std::int64_t now_ms) {
  auto& update = statements_->soft_delete;
  sqlite::ResetGuard guard(update);
  update.bind(1, now_ms).bind(2, message).bind(3, room).run();
  return db_.changes() > 0;
}

}  // namespace chat
