#pragma once
// What the chat's sockets, channels and HTTP routes share: the endpoint (to broadcast), the
// database, the password-hashing workers and the token signer.
#include <chrono>
#include <wick/wick.hpp>

#include "storage/database.hpp"
#include "worker_pool.hpp"

namespace chat {

struct ChatContext {
  ChatContext(wick::Endpoint& endpoint, Database& database, WorkerPool& hashers,
              std::string_view secret_key_base)
      : endpoint(endpoint),
        database(database),
        hashers(hashers),
        tokens(secret_key_base, "user auth") {}

  wick::Endpoint& endpoint;
  Database& database;
  WorkerPool& hashers;
  const wick::Token tokens;  // data {"user_id": N, "username": "..."}
  const std::chrono::seconds token_max_age{14 * 24 * 3600};

  /// The signed-in user of a token, or none.
  struct Identity {
    Id user_id = 0;
    std::string username;
  };
  std::optional<Identity> identify(std::string_view token) const;
  std::string sign(const Identity& identity) const;
};

}  // namespace chat
