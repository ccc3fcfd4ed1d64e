#pragma once
// The settings of a Wick program in one table. Each entry names a key and binds it to a field of
// the program's options; that one table reads the command line (CLI11: --KEY VALUE), a TOML file
// (toml++: `KEY = VALUE`, the file given by --config or WICK_CONFIG) and the environment
// (WICK_KEY, upper case, '-' as '_'), and writes --help and the Markdown table of the docs.
//
//   wick::EndpointConfig config;
//   apps::Settings settings("wick-rooms", "The reference application.");
//   settings.add("port", "TCP port; 0: the kernel picks one", config.port).env_alias("PORT");
//   settings.parse(argc, argv);  // --help: prints, exits 0; a bad value: one line, exits 2
//
// --settings-markdown (not in --help) prints markdown() and exits 0: the docs' tables are that.
//
// What wins, lowest first: the field's value when it is added (the default), the file, the
// environment, the command line. A key of the file that is no entry, a value of the wrong type
// and a number out of range are errors: the program says which, in one line, and exits 2.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace apps {

class Settings {
 public:
  /// What a file, an environment variable or a flag gave, before it is checked.
  using Value = std::variant<std::string, long long, double, bool, std::vector<std::string>>;
  enum class Kind { text, integer, real, boolean, list };

  class Entry {
   public:
    /// Also read this environment variable, when WICK_<KEY> is not set (Phoenix's PORT,
    /// DATABASE_URL and SECRET_KEY_BASE).
    Entry& env_alias(std::string name);
    /// What --help and the docs give as the default, when the field's value depends on the
    /// machine (a path found at run time).
    Entry& default_shown(std::string text);
    /// The smallest number this entry takes (integers and milliseconds; 0 unless set).
    Entry& at_least(long long minimum);

   private:
    friend class Settings;
    std::string key_;
    std::string help_;
    Kind kind_ = Kind::text;
    std::string default_text_;
    std::string type_name_;
    std::vector<std::string> env_;
    long long minimum_ = 0;
    long long maximum_ = 0;
    /// Checks a value of the right kind and stores it; returns the problem, or "".
    std::function<std::string(const Value&)> store_;
  };

  Settings(std::string program, std::string description);
  ~Settings();

  Entry& add(std::string key, std::string help, std::string& field);
  Entry& add(std::string key, std::string help, std::uint16_t& field);
  Entry& add(std::string key, std::string help, unsigned& field);
  Entry& add(std::string key, std::string help, std::size_t& field);
  Entry& add(std::string key, std::string help, double& field);
  Entry& add(std::string key, std::string help, bool& field);
  /// A whole number of milliseconds; the key says so ("node-down-ms").
  Entry& add(std::string key, std::string help, std::chrono::milliseconds& field);
  /// Comma-separated on the command line and in the environment, an array of strings in a file.
  Entry& add(std::string key, std::string help, std::vector<std::string>& field);

  /// Reads the file, the environment and the command line into the fields, in that order.
  void parse(int argc, const char* const* argv);
  /// Prints "<program>: <problem>" and exits 2: for checks across entries, after parse().
  [[noreturn]] void fail(const std::string& problem) const;

  /// The reference of every entry: key, environment variables, default, meaning.
  std::string markdown() const;
  /// What --help prints.
  std::string help() const;

 private:
  struct CommandLine;
  std::unique_ptr<CommandLine> command_line() const;
  Entry& add_entry(std::string key, std::string help, Kind kind, std::string default_text,
                   std::string type_name, long long maximum,
                   std::function<void(const Value&)> write);
  void read_file(const std::string& path);
  void read_environment();
  void apply(Entry& entry, const Value& value, const std::string& source);
  Value from_text(const Entry& entry, const std::string& text, const std::string& source) const;

  std::string program_;
  std::string description_;
  std::vector<std::unique_ptr<Entry>> entries_;
};

}  // namespace apps
