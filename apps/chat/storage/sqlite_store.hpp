#pragma once
// ChatStore on SQLite, embedded, for one node: one connection in WAL mode (readers never block
// the writer), the migrations of storage/migrations.hpp (the version in PRAGMA user_version),
// and every query prepared once per connection.
#include <memory>
#include <string>

#include "storage/chat_store.hpp"
#include "storage/sqlite.hpp"

namespace chat {

class SqliteStore final : public ChatStore {
 public:
  /// Opens (creating if needed) and migrates the database at `path`.
  explicit SqliteStore(const std::string& path);
  ~SqliteStore() override;

  void begin() override;
  void commit() override;
  void rollback() override;
  void lock_rooms(const std::vector<Id>& rooms) override;

  std::optional<Id> create_user(std::string_view username, std::string_view hash,
                                std::int64_t now_ms) override;
  std::optional<User> find_user(std::string_view username) override;
  std::optional<User> find_user(Id id) override;
  Room create_room(std::string_view name, bool is_private, Id creator,
                   std::int64_t now_ms) override;
  std::optional<Room> find_room(Id id) override;
  std::vector<VisibleRoom> visible_rooms(Id user) override;
  std::optional<Role> role(Id room, Id user) override;
  void set_member(Id room, Id user, Role role) override;
  bool is_banned(Id room, Id user) override;
  void ban(Id room, Id user, Id by, std::int64_t now_ms) override;
  std::vector<User> members_named(Id room, const std::vector<std::string>& usernames) override;
  Message add_message(Id room, Id user, std::string_view body, std::int64_t now_ms) override;
  std::vector<Message> messages_after(Id room, Id after_id, int limit) override;
  std::vector<Message> messages_before(Id room, Id before_id, int limit) override;
  bool message_visible(Id room, Id message) override;
  bool add_reaction(Id message, Id user, std::string_view emoji, std::int64_t now_ms) override;
  bool soft_delete(Id room, Id message, std::int64_t now_ms) override;

 private:
  struct Statements;

  std::vector<Message> read_page(sqlite::Statement& query);

  sqlite::Connection db_;
  std::unique_ptr<Statements> statements_;
};

}  // namespace chat
