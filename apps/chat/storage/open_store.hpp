#pragma once
// Picks the store for a location: a postgresql:// (or postgres://) URL is a PostgreSQL
// database, anything else the path of a SQLite file.
#include <memory>
#include <string>
#include <string_view>

#include "storage/chat_store.hpp"

namespace chat {

bool is_postgresql_url(std::string_view location);
/// Opens and migrates the store at `location`; throws when it cannot.
std::unique_ptr<ChatStore> open_store(const std::string& location);
/// The location as a log line may show it: a URL without its password.
std::string printable_location(std::string_view location);

}  // namespace chat
