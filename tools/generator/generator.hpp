#pragma once
// What `wick new` and `wick gen channel` write: a project from templates/app/, and a channel
// from templates/channel/ registered in the project's src/main.cpp (the C++ counterparts of
// `mix phx.new` and `mix phx.gen.channel`). Templates name their blanks {{app}}, {{Name}},
// {{Class}} and {{topic}}.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace generator {

/// A name or a project the generator will not work with; the message says why.
class GeneratorError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// "Room" → "room", "ChatRoom" → "chat_room"; throws for a name that is not CamelCase.
std::string snake_case(const std::string& camel_name);

/// Writes the project `name` into `directory` (which must not exist, or be empty); returns the
/// files written, relative to it.
std::vector<std::string> new_app(const std::filesystem::path& templates, const std::string& name,
                                 const std::filesystem::path& directory);

/// Adds the channel `name` (CamelCase: "Room" → RoomChannel on "room:*") to the project in
/// `project`: src/<name>_channel.hpp, test/<name>_channel.test.mjs, and its registration in
/// src/main.cpp. Returns the files written or changed.
std::vector<std::string> gen_channel(const std::filesystem::path& templates,
                                     const std::string& name, const std::filesystem::path& project);

}  // namespace generator
