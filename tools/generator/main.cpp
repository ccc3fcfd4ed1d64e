// wick: the project generator.
//
//   wick new myapp [--dir DIR]    a project: CMake against the installed Wick, src/main.cpp with
//                                 a socket and a channel, a page bundled by esbuild, client tests
//   wick gen channel Room         src/room_channel.hpp (RoomChannel on "room:*"), its test, and
//                                 its registration in src/main.cpp (run in the project)
//
// The templates are in ../share/wick/templates beside the binary's directory, in the build tree
// as once installed. Exit code 2 for a bad command line, 1 for anything else that stops it.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "generator.hpp"

namespace {

std::filesystem::path templates_dir() {
  std::error_code error;
  std::filesystem::path binary = std::filesystem::read_symlink("/proc/self/exe", error);
  return (binary.parent_path() / "../share/wick/templates").lexically_normal();
}

void report(const char* verb, const std::vector<std::string>& files,
            const std::filesystem::path& where) {
  for (const auto& file : files)
    std::cout << "* " << verb << " " << (where / file).string() << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("Makes Wick projects and channels.", "wick");
  app.require_subcommand(1);
  std::string name;
  std::string dir;
  CLI::App* create = app.add_subcommand("new", "a new project in ./NAME (or --dir)");
  create->add_option("name", name, "the project's name (myapp)")->required();
  create->add_option("--dir", dir, "where to write it [default ./NAME]");
  CLI::App* gen = app.add_subcommand("gen", "adds to the project in the current directory");
  gen->require_subcommand(1);
  std::string channel;
  CLI::App* channel_command = gen->add_subcommand("channel", "a channel, its test, its route");
  channel_command->add_option("name", channel, "CamelCase (Room: RoomChannel on \"room:*\")")
      ->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::ParseError& e) {
    std::cerr << "wick: " << e.what() << " (wick --help)\n";
    return 2;
  }
  try {
    if (*create) {
      std::filesystem::path where(dir.empty() ? name : dir);
      report("creating", generator::new_app(templates_dir(), name, where), where);
      std::cout << "\nNext:\n  cd " << where.string()
                << "\n  npm install\n  cmake -S . -B build && cmake --build build\n  npm test\n"
                << "  PORT=4000 build/" << name << "    # http://127.0.0.1:4000\n";
    } else {
      report("writing", generator::gen_channel(templates_dir(), channel, "."), ".");
      std::cout << "\nRebuild (cmake --build build) and run npm test.\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "wick: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
