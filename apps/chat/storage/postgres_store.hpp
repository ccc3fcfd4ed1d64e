#pragma once
// ChatStore on PostgreSQL, for a chat of several nodes sharing one database: the migrations of
// storage/migrations.hpp (applied under an advisory lock, so that nodes starting together
// migrate once), every query prepared once per connection, and a connection that comes back
// by itself after the server restarts (the write or read that found it broken fails).
#include <string>

#include "storage/chat_store.hpp"
#include "storage/postgres.hpp"

namespace chat {

class PostgresStore final : public ChatStore {
 public:
  /// Connects to `url` (postgresql://user:password@host:port/database) and migrates.
  explicit PostgresStore(const std::string& url);

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
  void migrate();
  void prepare_statements();
  /// The connection, reconnected first when it was lost outside a transaction.
  postgres::Connection& db();
  std::vector<Message> read_page(const std::string& statement, Id room, Id bound, int limit);

  postgres::Connection db_;
  bool in_transaction_ = false;
};

}  // namespace chat
