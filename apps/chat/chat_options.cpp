#include "chat_options.hpp"

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "random_hex.hpp"
#include "storage/open_store.hpp"

#ifndef WICK_CHAT_WEB_DIR
#define WICK_CHAT_WEB_DIR "web"
#endif

namespace chat {
namespace {

constexpr std::size_t min_secret = 20;  // Phoenix.Token's minimum for a given secret

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "wick-chat: " << problem
            << "\nusage: wick-chat [--port P] [--host H] [--db PATH | --database URL]"
               " [--secret-key-base S] [--api-key KEY] [--origins A,B] [--static DIR]"
               " [--threads N] [--db-readers N] [--messages-per-second R]"
               " [--tls-cert PEM --tls-key PEM] [--redis URL] [--node-name NAME]"
               " [--node-down-ms MS]\n";
  std::exit(2);
}

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

unsigned number(const std::string& flag, const std::string& text) {
  try {
    std::size_t used = 0;
    unsigned long value = std::stoul(text, &used);
    if (used == text.size() && value <= 65535) return static_cast<unsigned>(value);
  } catch (const std::exception&) {
  }
  usage(flag + " needs a number, not \"" + text + "\"");
}

long milliseconds(const std::string& flag, const std::string& text) {
  try {
    std::size_t used = 0;
    long value = std::stol(text, &used);
    if (used == text.size() && value > 0) return value;
  } catch (const std::exception&) {
  }
  usage(flag + " needs a positive number of milliseconds, not \"" + text + "\"");
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

}  // namespace

ChatOptions parse_options(int argc, char** argv) {
  ChatOptions options;
  options.endpoint.port = 4000;
  // A public chat limits each socket to what people typing need: a few messages a second, a
  // burst of 50 for pastes and reconnects, and joins enough to rejoin every room at once.
  options.endpoint.messages_per_second = 25;
  options.endpoint.joins_per_second = 10;
  if (auto port = env("PORT"); !port.empty()) options.endpoint.port = number("PORT", port);
  if (auto host = env("WICK_HOST"); !host.empty()) options.endpoint.host = host;
  if (auto db = env("WICK_CHAT_DB"); !db.empty()) options.db_path = db;
  options.database_url = env("DATABASE_URL");
  options.endpoint.redis_url = env("WICK_REDIS_URL");
  options.secret_key_base = env("SECRET_KEY_BASE");
  options.endpoint.api_key = env("WICK_API_KEY");
  options.endpoint.allowed_origins = split_commas(env("WICK_ORIGINS"));
  options.static_dir = env("WICK_CHAT_STATIC");
  options.endpoint.tls_certificate_file = env("WICK_TLS_CERT");
  options.endpoint.tls_private_key_file = env("WICK_TLS_KEY");
  if (options.static_dir.empty()) options.static_dir = WICK_CHAT_WEB_DIR;

  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(flag + " needs a value");
      return argv[++i];
    };
    if (flag == "--port") {
      options.endpoint.port = number(flag, value());
    } else if (flag == "--host") {
      options.endpoint.host = value();
    } else if (flag == "--db") {
      options.db_path = value();
    } else if (flag == "--database") {
      options.database_url = value();
    } else if (flag == "--redis") {
      options.endpoint.redis_url = value();
    } else if (flag == "--node-name") {
      options.endpoint.node_name = value();
    } else if (flag == "--node-down-ms") {
      options.endpoint.node_down = std::chrono::milliseconds(milliseconds(flag, value()));
    } else if (flag == "--secret-key-base") {
      options.secret_key_base = value();
    } else if (flag == "--api-key") {
      options.endpoint.api_key = value();
    } else if (flag == "--origins") {
      options.endpoint.allowed_origins = split_commas(value());
    } else if (flag == "--tls-cert") {
      options.endpoint.tls_certificate_file = value();
    } else if (flag == "--tls-key") {
      options.endpoint.tls_private_key_file = value();
    } else if (flag == "--static") {
      options.static_dir = value();
    } else if (flag == "--threads") {
      options.endpoint.threads = number(flag, value());
    } else if (flag == "--messages-per-second") {
      // The per-socket rate limit (a load test raises it, 0 lifts it); the burst is two
      // seconds' worth.
      options.endpoint.messages_per_second = number(flag, value());
    } else if (flag == "--db-readers") {
      options.db_readers = std::max(1u, number(flag, value()));
    } else {
      usage("unknown flag " + flag);
    }
  }
  if (!options.secret_key_base.empty() && options.secret_key_base.size() < min_secret) {
    usage("the secret key base must have at least 20 characters");
  }
  if (!options.database_url.empty() && !is_postgresql_url(options.database_url)) {
    usage("--database needs a postgresql:// URL");
  }
  // Each node would otherwise make its own, and no node would accept another's tokens.
  if (!options.database_url.empty() && options.secret_key_base.empty()) {
    usage("--database needs --secret-key-base (or SECRET_KEY_BASE), the same on every node");
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
