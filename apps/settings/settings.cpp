#include "settings.hpp"

#include <toml++/toml.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <limits>
#include <optional>
#include <sstream>

namespace apps {

// The command line of one parse: CLI11's parser, and where it leaves each entry's text.
struct Settings::CommandLine {
  struct Slot {
    std::string text;
    CLI::Option* option = nullptr;
    CLI::Option* negation = nullptr;  // --no-KEY, for a boolean
  };
  CLI::App app;
  std::string config;
  bool markdown = false;
  std::deque<Slot> slots;  // one per entry, in order; a deque keeps their addresses
};

namespace {

std::string environment_name(std::string_view key) {
  std::string name = "WICK_";
  for (char c : key) name += c == '-' ? '_' : static_cast<char>(std::toupper(c));
  return name;
}

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : std::string(separator)) + item;
  return text;
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

const char* kind_name(Settings::Kind kind) {
  switch (kind) {
    case Settings::Kind::text:
      return "a string";
    case Settings::Kind::integer:
      return "a whole number";
    case Settings::Kind::real:
      return "a number";
    case Settings::Kind::boolean:
      return "true or false";
    case Settings::Kind::list:
      return "an array of strings";
  }
  return "";
}

template <typename Number>
std::string number_text(Number value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

/// A TOML value as the entry's kind, or nothing when its type is another.
std::optional<Settings::Value> from_toml(Settings::Kind kind, const toml::node& node) {
  switch (kind) {
    case Settings::Kind::text:
      if (auto text = node.value_exact<std::string>()) return *text;
      break;
    case Settings::Kind::integer:
      if (auto number = node.value_exact<int64_t>()) return static_cast<long long>(*number);
      break;
    case Settings::Kind::real:
      if (node.is_number()) return *node.value<double>();
      break;
    case Settings::Kind::boolean:
      if (auto flag = node.value_exact<bool>()) return *flag;
      break;
    case Settings::Kind::list:
      if (const toml::array* array = node.as_array()) {
        std::vector<std::string> items;
        for (const toml::node& item : *array) {
          auto text = item.value_exact<std::string>();
          if (!text) return std::nullopt;
          items.push_back(*text);
        }
        return items;
      }
      break;
  }
  return std::nullopt;
}

}  // namespace

Settings::Entry& Settings::Entry::env_alias(std::string name) {
  env_.push_back(std::move(name));
  return *this;
}

Settings::Entry& Settings::Entry::default_shown(std::string text) {
  default_text_ = std::move(text);
  return *this;
}

Settings::Entry& Settings::Entry::at_least(long long minimum) {
  minimum_ = minimum;
  return *this;
}

Settings::Settings(std::string program, std::string description)
    : program_(std::move(program)), description_(std::move(description)) {}

Settings::~Settings() = default;

Settings::Entry& Settings::add_entry(std::string key, std::string help, Kind kind,
                                     std::string default_text, std::string type_name,
                                     long long maximum, std::function<void(const Value&)> write) {
  auto entry = std::make_unique<Entry>();
  entry->env_ = {environment_name(key)};
  entry->key_ = std::move(key);
  entry->help_ = std::move(help);
  entry->kind_ = kind;
  entry->default_text_ = std::move(default_text);
  entry->type_name_ = std::move(type_name);
  entry->maximum_ = maximum;
  Entry* self = entry.get();
  entry->store_ = [self, write = std::move(write)](const Value& value) -> std::string {
    if (const auto* number = std::get_if<long long>(&value)) {
      if (*number < self->minimum_ || *number > self->maximum_) {
        return "needs a whole number from " + std::to_string(self->minimum_) + " to " +
               std::to_string(self->maximum_) + ", not " + std::to_string(*number);
      }
    }
    if (const auto* number = std::get_if<double>(&value); number && *number < 0) {
      return "needs a number of at least 0, not " + number_text(*number);
    }
    write(value);
    return "";
  };
  entries_.push_back(std::move(entry));
  return *entries_.back();
}

Settings::Entry& Settings::add(std::string key, std::string help, std::string& field) {
  return add_entry(std::move(key), std::move(help), Kind::text, field, "TEXT", 0,
                   [&field](const Value& value) { field = std::get<std::string>(value); });
}

Settings::Entry& Settings::add(std::string key, std::string help, std::uint16_t& field) {
  return add_entry(std::move(key), std::move(help), Kind::integer, std::to_string(field), "N",
                   std::numeric_limits<std::uint16_t>::max(), [&field](const Value& value) {
                     field = static_cast<std::uint16_t>(std::get<long long>(value));
                   });
}

Settings::Entry& Settings::add(std::string key, std::string help, unsigned& field) {
  return add_entry(std::move(key), std::move(help), Kind::integer, std::to_string(field), "N",
                   std::numeric_limits<unsigned>::max(), [&field](const Value& value) {
                     field = static_cast<unsigned>(std::get<long long>(value));
                   });
}

Settings::Entry& Settings::add(std::string key, std::string help, std::size_t& field) {
  return add_entry(std::move(key), std::move(help), Kind::integer, std::to_string(field), "N",
                   std::numeric_limits<long long>::max(), [&field](const Value& value) {
                     field = static_cast<std::size_t>(std::get<long long>(value));
                   });
}

Settings::Entry& Settings::add(std::string key, std::string help, double& field) {
  return add_entry(std::move(key), std::move(help), Kind::real, number_text(field), "R", 0,
                   [&field](const Value& value) { field = std::get<double>(value); });
}

Settings::Entry& Settings::add(std::string key, std::string help, bool& field) {
  return add_entry(std::move(key), std::move(help), Kind::boolean, field ? "true" : "false", "", 0,
                   [&field](const Value& value) { field = std::get<bool>(value); });
}

Settings::Entry& Settings::add(std::string key, std::string help,
                               std::chrono::milliseconds& field) {
  return add_entry(std::move(key), std::move(help), Kind::integer, std::to_string(field.count()),
                   "MS", std::numeric_limits<int>::max(), [&field](const Value& value) {
                     field = std::chrono::milliseconds(std::get<long long>(value));
                   });
}

Settings::Entry& Settings::add(std::string key, std::string help, std::vector<std::string>& field) {
  return add_entry(
      std::move(key), std::move(help), Kind::list, join(field, ","), "A,B", 0,
      [&field](const Value& value) { field = std::get<std::vector<std::string>>(value); });
}

std::unique_ptr<Settings::CommandLine> Settings::command_line() const {
  auto line = std::make_unique<CommandLine>();
  CLI::App& app = line->app;
  app.description(description_);
  app.name(program_);
  app.get_formatter()->column_width(32);
  app.add_option("--config", line->config,
                 "a TOML file of these settings, by key (env WICK_CONFIG)")
      ->option_text("FILE")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  // For the docs: scripts/check-settings-docs.mjs compares this table with theirs.
  app.add_flag("--settings-markdown", line->markdown)->group("");
  for (const auto& entry : entries_) {
    CommandLine::Slot& slot = line->slots.emplace_back();
    std::string about = entry->help_;
    if (!entry->default_text_.empty()) about += " [default " + entry->default_text_ + "]";
    about += " (env " + join(entry->env_, ", ") + ")";
    if (entry->kind_ == Kind::boolean) {
      slot.option = app.add_flag("--" + entry->key_)->description(about);
      slot.negation =
          app.add_flag("--no-" + entry->key_)
              ->description("turns " + entry->key_ + " off (wins over --" + entry->key_ + ")");
    } else {
      // A repeated flag takes its last value, as getopt and argparse do.
      slot.option = app.add_option("--" + entry->key_, slot.text, about)
                        ->option_text(entry->type_name_)
                        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    }
  }
  return line;
}

std::string Settings::help() const { return command_line()->app.help(); }

void Settings::fail(const std::string& problem) const {
  std::cerr << program_ << ": " << problem << std::endl;
  std::exit(2);
}

Settings::Value Settings::from_text(const Entry& entry, const std::string& text,
                                    const std::string& source) const {
  switch (entry.kind_) {
    case Kind::text:
      return text;
    case Kind::integer: {
      long long number = 0;
      auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
      if (error == std::errc() && end == text.data() + text.size()) return number;
      break;
    }
    case Kind::real: {
      char* end = nullptr;
      double number = std::strtod(text.c_str(), &end);
      if (!text.empty() && end == text.c_str() + text.size()) return number;
      break;
    }
    case Kind::boolean:
      if (text == "true" || text == "1" || text == "yes" || text == "on") return true;
      if (text == "false" || text == "0" || text == "no" || text == "off") return false;
      break;
    case Kind::list:
      return split_commas(text);
  }
  fail(source + ": needs " + kind_name(entry.kind_) + ", not " + in_quotes(text));
}

void Settings::apply(Entry& entry, const Value& value, const std::string& source) {
  if (std::string problem = entry.store_(value); !problem.empty()) fail(source + ": " + problem);
}

void Settings::read_file(const std::string& path) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    fail(path + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) + ": " +
         std::string(e.description()));
  }
  for (auto&& [key, node] : table) {
    std::string name(key.str());
    auto entry = std::find_if(entries_.begin(), entries_.end(),
                              [&](const auto& candidate) { return candidate->key_ == name; });
    std::string source = path + ": " + name;
    if (entry == entries_.end())
      fail(source + ": unknown key (" + program_ + " --help lists them)");
    auto value = from_toml((*entry)->kind_, node);
    if (!value) fail(source + ": needs " + kind_name((*entry)->kind_));
    apply(**entry, *value, source);
  }
}

void Settings::read_environment() {
  for (auto& entry : entries_) {
    for (const std::string& name : entry->env_) {
      const char* text = std::getenv(name.c_str());
      if (!text || !*text) continue;
      apply(*entry, from_text(*entry, text, name), name);
      break;  // WICK_<KEY> first, then the aliases
    }
  }
}

void Settings::parse(int argc, const char* const* argv) {
  auto line = command_line();
  try {
    line->app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << line->app.help();
    std::exit(0);
  } catch (const CLI::ParseError& e) {
    fail(std::string(e.what()) + " (" + program_ + " --help lists every option)");
  }
  if (line->markdown) {
    std::cout << markdown();
    std::exit(0);
  }
  std::string config = line->config;
  if (const char* from_env = std::getenv("WICK_CONFIG"); config.empty() && from_env) {
    config = from_env;
  }
  if (!config.empty()) read_file(config);
  read_environment();
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const CommandLine::Slot& slot = line->slots[i];
    Entry& entry = *entries_[i];
    std::string flag = "--" + entry.key_;
    if (slot.negation && slot.negation->count() > 0) {
      apply(entry, false, "--no-" + entry.key_);
    } else if (slot.option->count() > 0) {
      apply(entry, entry.kind_ == Kind::boolean ? Value(true) : from_text(entry, slot.text, flag),
            flag);
    }
  }
}

std::string Settings::markdown() const {
  auto cell = [](std::string text) {
    for (std::size_t at = 0; (at = text.find('|', at)) != std::string::npos; at += 2) {
      text.replace(at, 1, "\\|");
    }
    return text;
  };
  std::string table =
      "| Key (`--key`, `key = ` in the file) | Environment | Default | Meaning |\n"
      "|---|---|---|---|\n";
  for (const auto& entry : entries_) {
    std::string env;
    for (const auto& name : entry->env_) env += (env.empty() ? "`" : ", `") + name + "`";
    std::string default_text =
        entry->default_text_.empty() ? "none" : "`" + entry->default_text_ + "`";
    table += "| `" + entry->key_ + "` | " + env + " | " + default_text + " | " +
             cell(entry->help_) + " |\n";
  }
  return table;
}

}  // namespace apps
