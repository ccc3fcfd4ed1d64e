#include "generator.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

namespace generator {
namespace fs = std::filesystem;
namespace {

using Blanks = std::map<std::string, std::string>;

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw GeneratorError("cannot read " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  out << text;
  if (!out) throw GeneratorError("cannot write " + file.string());
}

std::string fill(std::string text, const Blanks& blanks) {
  for (const auto& [blank, value] : blanks) {
    const std::string marker = "{{" + blank + "}}";
    for (std::size_t at = 0; (at = text.find(marker, at)) != std::string::npos;
         at += value.size()) {
      text.replace(at, marker.size(), value);
    }
  }
  return text;
}

/// Inserts `line` above the first line of `text` that contains `marker`, indented as it is.
std::string insert_above(const std::string& text, const std::string& marker,
                         const std::string& line, const fs::path& file) {
  std::size_t at = text.find(marker);
  if (at == std::string::npos) {
    throw GeneratorError(file.string() + " has no \"" + marker +
                         "\" line to add the channel at (was it made by wick new?)");
  }
  std::size_t line_start = text.rfind('\n', at);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  std::string indent = text.substr(line_start, at - line_start);
  return text.substr(0, line_start) + indent + line + "\n" + text.substr(line_start);
}

void require_template(const fs::path& templates, const char* part) {
  if (!fs::is_directory(templates / part)) {
    throw GeneratorError("no templates in " + (templates / part).string() +
                         " (is Wick installed whole?)");
  }
}

}  // namespace

std::string snake_case(const std::string& camel_name) {
  bool valid = !camel_name.empty() && std::isupper(static_cast<unsigned char>(camel_name[0])) &&
               std::all_of(camel_name.begin(), camel_name.end(),
                           [](unsigned char c) { return std::isalnum(c); });
  if (!valid) {
    throw GeneratorError(
        "a channel's name is CamelCase letters and digits (Room, ChatRoom), not \"" + camel_name +
        "\"");
  }
  std::string snake;
  for (std::size_t i = 0; i < camel_name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(camel_name[i]);
    if (std::isupper(c) && i > 0) snake += '_';
    snake += static_cast<char>(std::tolower(c));
  }
  return snake;
}

std::vector<std::string> new_app(const fs::path& templates, const std::string& name,
                                 const fs::path& directory) {
  bool valid = !name.empty() && std::islower(static_cast<unsigned char>(name[0])) &&
               std::all_of(name.begin(), name.end(), [](unsigned char c) {
                 return std::islower(c) || std::isdigit(c) || c == '_' || c == '-';
               });
  if (!valid) {
    throw GeneratorError(
        "a project's name is lower-case letters, digits, '_' and '-', "
        "starting with a letter (myapp, chat_server), not \"" +
        name + "\"");
  }
  if (fs::exists(directory) && !fs::is_empty(directory)) {
    throw GeneratorError(directory.string() + " exists and is not empty");
  }
  require_template(templates, "app");
  const fs::path source = templates / "app";
  std::vector<std::string> written;
  for (const auto& entry : fs::recursive_directory_iterator(source)) {
    if (!entry.is_regular_file()) continue;
    fs::path relative = fs::relative(entry.path(), source);
    // A template cannot be a dot-file (packagers drop them): "gitignore" becomes ".gitignore".
    if (relative == "gitignore") relative = ".gitignore";
    write(directory / relative, fill(read(entry.path()), {{"app", name}}));
    written.push_back(relative.string());
  }
  std::sort(written.begin(), written.end());
  return written;
}

std::vector<std::string> gen_channel(const fs::path& templates, const std::string& name,
                                     const fs::path& project) {
  const std::string snake = snake_case(name);
  const std::string header = snake + "_channel.hpp";
  const fs::path main_file = project / "src" / "main.cpp";
  const fs::path header_file = project / "src" / header;
  const fs::path test_file = project / "test" / (snake + "_channel.test.mjs");
  if (!fs::exists(main_file)) {
    throw GeneratorError("no src/main.cpp in " + project.string() +
                         ": run wick gen in a project made by wick new");
  }
  for (const fs::path& file : {header_file, test_file}) {
    if (fs::exists(file)) throw GeneratorError(file.string() + " exists already");
  }
  require_template(templates, "channel");
  const Blanks blanks{{"Name", name}, {"Class", name + "Channel"}, {"topic", snake}};
  std::string main_text = read(main_file);
  main_text =
      insert_above(main_text, "// wick:channel-includes", "#include \"" + header + "\"", main_file);
  main_text = insert_above(main_text, "// wick:channels",
                           "channel<" + name + "Channel>(\"" + snake + ":*\");", main_file);
  write(header_file, fill(read(templates / "channel" / "channel.hpp"), blanks));
  write(test_file, fill(read(templates / "channel" / "channel.test.mjs"), blanks));
  write(main_file, main_text);
  return {"src/" + header, "test/" + snake + "_channel.test.mjs", "src/main.cpp"};
}

}  // namespace generator
