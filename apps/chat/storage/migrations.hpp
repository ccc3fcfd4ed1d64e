#pragma once
// The chat's schema, as one list of versioned migrations that every store applies in order.
// Each step is written once per SQL dialect, so that SQLite and PostgreSQL databases of the same
// version hold the same tables. A store records the version it reached; a database newer than
// this list stops the server. Never edit a step that has shipped: add the next one.
#include <array>
#include <cstddef>
#include <functional>
#include <string_view>

namespace chat {

struct Migration {
  std::string_view sqlite;
  std::string_view postgresql;
};

inline constexpr std::array<Migration, 1> migrations = {{
    {
        .sqlite = R"sql(
    CREATE TABLE users (
      id INTEGER PRIMARY KEY,
      username TEXT NOT NULL UNIQUE COLLATE NOCASE,
      password_hash TEXT NOT NULL,
      inserted_at INTEGER NOT NULL
    );
    CREATE TABLE rooms (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      private INTEGER NOT NULL,
      created_by INTEGER NOT NULL REFERENCES users(id),
      inserted_at INTEGER NOT NULL
    );
    CREATE TABLE room_members (
      room_id INTEGER NOT NULL REFERENCES rooms(id),
      user_id INTEGER NOT NULL REFERENCES users(id),
      role TEXT NOT NULL CHECK (role IN ('member', 'moderator', 'admin')),
      PRIMARY KEY (room_id, user_id)
    ) WITHOUT ROWID;
    CREATE INDEX room_members_by_user ON room_members(user_id);
    CREATE TABLE room_bans (
      room_id INTEGER NOT NULL REFERENCES rooms(id),
      user_id INTEGER NOT NULL REFERENCES users(id),
      banned_by INTEGER NOT NULL REFERENCES users(id),
      inserted_at INTEGER NOT NULL,
      PRIMARY KEY (room_id, user_id)
    ) WITHOUT ROWID;
    CREATE TABLE messages (
      id INTEGER PRIMARY KEY,
      room_id INTEGER NOT NULL REFERENCES rooms(id),
      user_id INTEGER NOT NULL REFERENCES users(id),
      body TEXT NOT NULL,
      inserted_at INTEGER NOT NULL,
      deleted_at INTEGER
    );
    -- History and pagination: one range scan per page, newest first.
    CREATE INDEX messages_by_room ON messages(room_id, id);
    -- A rowid table, so that reactions list in the order they were made.
    CREATE TABLE reactions (
      id INTEGER PRIMARY KEY,
      message_id INTEGER NOT NULL REFERENCES messages(id),
      user_id INTEGER NOT NULL REFERENCES users(id),
      emoji TEXT NOT NULL,
      inserted_at INTEGER NOT NULL,
      UNIQUE (message_id, user_id, emoji)
    );
    )sql",
        // Usernames are ASCII letters, digits and '_', so lower() matches SQLite's NOCASE.
        .postgresql = R"sql(
    CREATE TABLE users (
      id BIGSERIAL PRIMARY KEY,
      username TEXT NOT NULL,
      password_hash TEXT NOT NULL,
      inserted_at BIGINT NOT NULL
    );
    CREATE UNIQUE INDEX users_by_name ON users (lower(username));
    CREATE TABLE rooms (
      id BIGSERIAL PRIMARY KEY,
      name TEXT NOT NULL,
      private BOOLEAN NOT NULL,
      created_by BIGINT NOT NULL REFERENCES users(id),
      inserted_at BIGINT NOT NULL
    );
    CREATE TABLE room_members (
      room_id BIGINT NOT NULL REFERENCES rooms(id),
      user_id BIGINT NOT NULL REFERENCES users(id),
      role TEXT NOT NULL CHECK (role IN ('member', 'moderator', 'admin')),
      PRIMARY KEY (room_id, user_id)
    );
    CREATE INDEX room_members_by_user ON room_members(user_id);
    CREATE TABLE room_bans (
      room_id BIGINT NOT NULL REFERENCES rooms(id),
      user_id BIGINT NOT NULL REFERENCES users(id),
      banned_by BIGINT NOT NULL REFERENCES users(id),
      inserted_at BIGINT NOT NULL,
      PRIMARY KEY (room_id, user_id)
    );
    CREATE TABLE messages (
      id BIGSERIAL PRIMARY KEY,
      room_id BIGINT NOT NULL REFERENCES rooms(id),
      user_id BIGINT NOT NULL REFERENCES users(id),
      body TEXT NOT NULL,
      inserted_at BIGINT NOT NULL,
      deleted_at BIGINT
    );
    CREATE INDEX messages_by_room ON messages(room_id, id);
    CREATE TABLE reactions (
      id BIGSERIAL PRIMARY KEY,
      message_id BIGINT NOT NULL REFERENCES messages(id),
      user_id BIGINT NOT NULL REFERENCES users(id),
      emoji TEXT NOT NULL,
      inserted_at BIGINT NOT NULL,
      UNIQUE (message_id, user_id, emoji)
    );
    )sql",
    },
}};

/// Applies the steps after version `current`, in order, each in `dialect`: `apply(sql, version)`
/// runs the step and records the version it reaches. Throws when the database is newer than
/// this list.
void migrate_from(std::size_t current, std::string_view Migration::*dialect,
                  const std::function<void(std::string_view, std::size_t)>& apply);

}  // namespace chat
