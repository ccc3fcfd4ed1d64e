#include "chat_options.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "endpoint_settings.hpp"
#include "random_hex.hpp"
#include "storage/open_store.hpp"

namespace chat {
namespace {

constexpr std::size_t min_secret = 20;  // Phoenix.Token's minimum for a given secret

// The page sits beside the binary's directory, in the build (build/bin/wick-chat,
// build/share/wick/chat-web) as installed (/usr/bin/wick-chat, /usr/share/wick/chat-web).
constexpr const char* web_dir_beside_binary = "../share/wick/chat-web";

std::string bundled_web_dir() {
  std::error_code error;
  std::filesystem::path binary = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return std::string("share/wick/chat-web");
  return (binary.parent_path() / web_dir_beside_binary).lexically_normal().string();
}

}  // namespace

ChatOptions default_options() {
  ChatOptions options;
  options.endpoint.port = 4000;
  // A public chat limits each socket to what people typing need: a few messages a second, a
  // burst of 50 for pastes and reconnects, and joins enough to rejoin every room at once.
  options.endpoint.messages_per_second = 25;
  options.endpoint.joins_per_second = 10;
  options.static_dir = bundled_web_dir();
  return options;
}

void add_chat_settings(apps::Settings& settings, ChatOptions& options) {
  apps::add_endpoint_settings(settings, options.endpoint);
  settings.add("db", "the SQLite file (directories are created, the schema migrated)",
               options.db_path);
  settings
      .add("database",
           "postgresql://user:pass@host:port/db: PostgreSQL instead of SQLite, for several "
           "nodes",
           options.database_url)
      .env_alias("DATABASE_URL");
  settings
      .add("secret-key-base",
           "signs the tokens, 20 characters or more; none: generated once and kept beside "
           "the SQLite file; required with database, the same on every node",
           options.secret_key_base)
      .env_alias("SECRET_KEY_BASE");
  settings.add("static", "the web page's directory", options.static_dir)
      .default_shown(std::string("<the binary's directory>/") + web_dir_beside_binary);
  settings.add("db-readers", "database reader threads", options.db_readers).at_least(1);
}

ChatOptions parse_options(int argc, char** argv) {
  ChatOptions options = default_options();
  apps::Settings settings("wick-chat", "The chat application on Wick.");
  add_chat_settings(settings, options);
  settings.parse(argc, argv);
  if (!options.secret_key_base.empty() && options.secret_key_base.size() < min_secret) {
    settings.fail("secret-key-base: needs at least 20 characters");
  }
  if (!options.database_url.empty() && !is_postgresql_url(options.database_url)) {
    settings.fail("database: needs a postgresql:// URL");
  }
  // Each node would otherwise make its own, and no node would accept another's tokens.
  if (!options.database_url.empty() && options.secret_key_base.empty()) {
    settings.fail("database needs secret-key-base (or SECRET_KEY_BASE), the same on every node");
  }
  return options;
}

std::string store_location(const ChatOptions& options) {
  return options.database_url.empty() ? options.db_path : options.database_url;
}

std::string load_or_create_secret(const ChatOptions& options) {
  if (!options.secret_key_base.empty()) return options.secret_key_base;
  std::filesystem::path file =
      std::filesystem::path(options.db_path).parent_path() / "secret_key_base";
  if (std::ifstream in(file); in) {
    std::string secret;
    std::getline(in, secret);
    if (secret.size() >= min_secret) return secret;
    throw std::runtime_error(file.string() +
                             " holds no usable secret; delete it to make a new one");
  }
  std::string secret = to_hex(random_bytes(64));
  {
    std::ofstream out(file);
    out << secret << "\n";
    if (!out) throw std::runtime_error("cannot write " + file.string());
  }
  ::chmod(file.c_str(), 0600);
  std::cerr << "wick-chat: generated a secret key base in " << file << std::endl;
  return secret;
}

}  // namespace chat
