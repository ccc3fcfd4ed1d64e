// The settings table: defaults, then the TOML file, the environment and the command line, each
// over the one before; and one clear line with exit code 2 for anything it cannot take.
#include "settings.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace apps {
namespace {

struct Fields {
  std::string host = "127.0.0.1";
  std::uint16_t port = 4000;
  double rate = 0;
  bool websocket = true;
  std::chrono::milliseconds idle{60'000};
  std::vector<std::string> origins;
  unsigned readers = 2;
};

class SettingsTest : public ::testing::Test {
 protected:
  SettingsTest() {
    settings.add("host", "address", fields.host);
    settings.add("port", "TCP port", fields.port).env_alias("PORT");
    settings.add("rate", "per second", fields.rate);
    settings.add("websocket", "serve WebSocket", fields.websocket);
    settings.add("idle-ms", "idle time", fields.idle).at_least(1);
    settings.add("origins", "allowed origins", fields.origins);
    settings.add("readers", "threads", fields.readers).at_least(1);
  }
  ~SettingsTest() override {
    for (const char* name : {"WICK_PORT", "PORT", "WICK_HOST", "WICK_CONFIG", "WICK_ORIGINS"}) {
      ::unsetenv(name);
    }
    if (!file.empty()) std::filesystem::remove(file);
  }

  void parse(std::vector<const char*> args) {
    args.insert(args.begin(), "prog");
    settings.parse(static_cast<int>(args.size()), args.data());
  }

  std::string write_file(const std::string& text) {
    file = (std::filesystem::temp_directory_path() /
            ("wick-settings-" + std::to_string(::getpid()) + ".toml"))
               .string();
    std::ofstream(file) << text;
    return file;
  }

  Fields fields;
  Settings settings{"prog", "A test program."};
  std::string file;
};

TEST_F(SettingsTest, KeepsTheDefaultsWhenNothingIsGiven) {
  parse({});
  EXPECT_EQ(fields.host, "127.0.0.1");
  EXPECT_EQ(fields.port, 4000);
  EXPECT_TRUE(fields.websocket);
  EXPECT_EQ(fields.idle.count(), 60'000);
}

TEST_F(SettingsTest, ReadsEveryKindFromTheCommandLine) {
  parse({"--host", "0.0.0.0", "--port=8080", "--rate", "2.5", "--no-websocket", "--idle-ms", "500",
         "--origins", "https://a.example,//*.b.example"});
  EXPECT_EQ(fields.host, "0.0.0.0");
  EXPECT_EQ(fields.port, 8080);
  EXPECT_DOUBLE_EQ(fields.rate, 2.5);
  EXPECT_FALSE(fields.websocket);
  EXPECT_EQ(fields.idle.count(), 500);
  EXPECT_EQ(fields.origins, (std::vector<std::string>{"https://a.example", "//*.b.example"}));
}

TEST_F(SettingsTest, ARepeatedFlagTakesItsLastValue) {
  // As getopt and argparse do: a wrapper may put defaults first and let its caller override them.
  parse({"--port", "0", "--host", "a", "--port", "8080", "--host=b", "--origins", "x", "--origins",
         "y,z"});
  EXPECT_EQ(fields.port, 8080);
  EXPECT_EQ(fields.host, "b");
  EXPECT_EQ(fields.origins, (std::vector<std::string>{"y", "z"}));
}

TEST_F(SettingsTest, TheFileUnderTheEnvironmentUnderTheCommandLine) {
  std::string path = write_file(
      "host = \"10.0.0.1\"\nport = 5000\nrate = 3\nwebsocket = false\n"
      "origins = [\"https://c.example\"]\nreaders = 4\n");
  ::setenv("WICK_PORT", "6000", 1);
  ::setenv("WICK_HOST", "10.0.0.2", 1);
  parse({"--config", path.c_str(), "--host", "10.0.0.3"});
  EXPECT_EQ(fields.host, "10.0.0.3");  // the flag over the environment over the file
  EXPECT_EQ(fields.port, 6000);        // the environment over the file
  EXPECT_DOUBLE_EQ(fields.rate, 3);    // an integer where a number goes
  EXPECT_FALSE(fields.websocket);
  EXPECT_EQ(fields.origins, (std::vector<std::string>{"https://c.example"}));
  EXPECT_EQ(fields.readers, 4u);
}

TEST_F(SettingsTest, TheConfigFileMayComeFromTheEnvironment) {
  ::setenv("WICK_CONFIG", write_file("port = 5001\n").c_str(), 1);
  parse({});
  EXPECT_EQ(fields.port, 5001);
}

TEST_F(SettingsTest, TheWickVariableWinsOverItsAlias) {
  ::setenv("PORT", "7000", 1);
  parse({});
  EXPECT_EQ(fields.port, 7000);
  ::setenv("WICK_PORT", "7001", 1);
  parse({});
  EXPECT_EQ(fields.port, 7001);
}

using SettingsDeathTest = SettingsTest;

TEST_F(SettingsDeathTest, AnUnknownKeyInTheFileIsAnError) {
  std::string path = write_file("port = 5000\nprot = 5001\n");
  EXPECT_EXIT(parse({"--config", path.c_str()}), ::testing::ExitedWithCode(2),
              "^prog: .*wick-settings-[0-9]+\\.toml: prot: unknown key \\(prog --help lists "
              "them\\)\n$");
}

TEST_F(SettingsDeathTest, ATableInTheFileIsAnUnknownKey) {
  std::string path = write_file("[server]\nport = 5000\n");
  EXPECT_EXIT(parse({"--config", path.c_str()}), ::testing::ExitedWithCode(2),
              "server: unknown key");
}

TEST_F(SettingsDeathTest, AValueOfTheWrongTypeInTheFileIsAnError) {
  std::string path = write_file("port = \"5000\"\n");
  EXPECT_EXIT(parse({"--config", path.c_str()}), ::testing::ExitedWithCode(2),
              "port: needs a whole number\n$");
}

TEST_F(SettingsDeathTest, AFileThatIsNoTomlSaysWhere) {
  std::string path = write_file("port = 5000\nhost = \n");
  EXPECT_EXIT(parse({"--config", path.c_str()}), ::testing::ExitedWithCode(2), "toml:2:[0-9]+: ");
}

TEST_F(SettingsDeathTest, AMissingFileIsAnError) {
  EXPECT_EXIT(parse({"--config", "/nonexistent/wick.toml"}), ::testing::ExitedWithCode(2),
              "^prog: /nonexistent/wick.toml:");
}

TEST_F(SettingsDeathTest, BadValuesGetOneLineNamingTheirSource) {
  EXPECT_EXIT(parse({"--port", "abc"}), ::testing::ExitedWithCode(2),
              "^prog: --port: needs a whole number, not \"abc\"\n$");
  EXPECT_EXIT(parse({"--port", "70000"}), ::testing::ExitedWithCode(2),
              "^prog: --port: needs a whole number from 0 to 65535, not 70000\n$");
  EXPECT_EXIT(parse({"--readers", "0"}), ::testing::ExitedWithCode(2),
              "^prog: --readers: needs a whole number from 1 to");
  EXPECT_EXIT(parse({"--rate", "-1"}), ::testing::ExitedWithCode(2),
              "^prog: --rate: needs a number of at least 0, not -1\n$");
  ::setenv("WICK_PORT", "x1", 1);
  EXPECT_EXIT(parse({}), ::testing::ExitedWithCode(2),
              "^prog: WICK_PORT: needs a whole number, not \"x1\"\n$");
}

TEST_F(SettingsDeathTest, UnknownFlagsAndMissingValuesGetOneLine) {
  EXPECT_EXIT(parse({"--prot", "1"}), ::testing::ExitedWithCode(2),
              "^prog: .*--prot.* \\(prog --help lists every option\\)\n$");
  EXPECT_EXIT(parse({"--port"}), ::testing::ExitedWithCode(2), "^prog: .*--port.*\n$");
}

TEST_F(SettingsDeathTest, HelpListsEveryOptionWithItsDefaultAndExitsZero) {
  std::string help = settings.help();
  for (const char* line : {"--host TEXT", "address [default 127.0.0.1] (env WICK_HOST)", "--port N",
                           "[default 4000] (env WICK_PORT, PORT)", "--no-websocket", "--idle-ms MS",
                           "--origins A,B", "--config FILE"}) {
    EXPECT_NE(help.find(line), std::string::npos) << line << " is not in\n" << help;
  }
  EXPECT_EQ(help.find("--settings-markdown"), std::string::npos);
  EXPECT_EXIT(parse({"--help"}), ::testing::ExitedWithCode(0), "");
}

TEST_F(SettingsTest, MarkdownHasARowPerEntry) {
  std::string table = settings.markdown();
  EXPECT_NE(table.find("| `port` | `WICK_PORT`, `PORT` | `4000` | TCP port |\n"), std::string::npos)
      << table;
  EXPECT_NE(table.find("| `origins` | `WICK_ORIGINS` | none | allowed origins |\n"),
            std::string::npos)
      << table;
}

}  // namespace
}  // namespace apps
