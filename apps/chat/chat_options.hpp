#pragma once
// wick-chat's configuration: one table of settings (add_chat_settings), read from the command
// line, a TOML file (--config, /etc/wick/chat.toml in the Debian package) and WICK_*
// environment variables. `wick-chat --help` lists them with their defaults; docs/chat.md's
// table is this table's markdown() (a unit test keeps them equal).
#include <string>
#include <wick/wick.hpp>

#include "settings.hpp"

namespace chat {

struct ChatOptions {
  wick::EndpointConfig endpoint;
  std::string db_path = "var/chat.db";
  std::string database_url;  // PostgreSQL; empty: SQLite at db_path
  std::string secret_key_base;
  std::string static_dir;
  unsigned db_readers = 2;
};

/// The defaults of a public chat: those of wick::EndpointConfig, but port 4000 and rate limits.
ChatOptions default_options();
/// Every setting of wick-chat, bound to `options`.
void add_chat_settings(apps::Settings& settings, ChatOptions& options);
/// The options from the command line, the file and the environment; on a bad value, one line
/// and exit 2.
ChatOptions parse_options(int argc, char** argv);
/// Where the store is: the PostgreSQL URL, or else the SQLite file (see open_store).
std::string store_location(const ChatOptions& options);
/// The secret from the options, or the one kept beside the database (created on first start).
std::string load_or_create_secret(const ChatOptions& options);

}  // namespace chat
