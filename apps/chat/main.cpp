// wick-chat: the chat application on Wick. Accounts and rooms over a JSON API, rooms as
// channels with persisted history, presence, typing, reactions and moderation, a web page at /,
// and SQLite (one node) or PostgreSQL (several nodes over Redis) underneath. See
// chat_options.hpp for its configuration.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <wick/wick.hpp>

#include "chat_context.hpp"
#include "chat_options.hpp"
#include "chat_socket.hpp"
#include "http_api.hpp"
#include "storage/database.hpp"
#include "storage/open_store.hpp"
#include "worker_pool.hpp"

int main(int argc, char** argv) {
  chat::ChatOptions options = chat::parse_options(argc, argv);
  try {
    std::string location = chat::store_location(options);
    if (options.database_url.empty()) {
      std::filesystem::path db_dir = std::filesystem::path(options.db_path).parent_path();
      if (!db_dir.empty()) std::filesystem::create_directories(db_dir);
    }
    std::string secret = chat::load_or_create_secret(options);

    // The endpoint outlives the workers: their last completions still reply and broadcast.
    wick::Endpoint endpoint(options.endpoint);
    chat::Database database([&] { return chat::open_store(location); }, options.db_readers);
    chat::WorkerPool hashers(2);
    auto context = std::make_shared<const chat::ChatContext>(endpoint, database, hashers, secret);
    endpoint.mount("/socket", std::make_shared<chat::ChatSocket>(context));
    chat::add_http_api(endpoint, context);
    endpoint.serve_static("/", options.static_dir);
    endpoint.start();
    std::printf("wick-chat pid=%d port=%u db=%s\n", static_cast<int>(getpid()), endpoint.port(),
                chat::printable_location(location).c_str());
    std::fflush(stdout);
    endpoint.run();
    // The endpoint has stopped taking work: finish the hashing (which may queue writes), then
    // every queued write, before the endpoint goes.
    hashers.stop();
    database.stop();
    chat::Database::Stats stats = database.stats();
    std::printf("wick-chat stopped: %llu writes in %llu commits\n",
                static_cast<unsigned long long>(stats.writes),
                static_cast<unsigned long long>(stats.commits));
  } catch (const std::exception& e) {
    std::cerr << "wick-chat: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}
