// The generator's writing: names, a new project from the templates, a channel added to it.
#include "generator.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace generator {
namespace {
namespace fs = std::filesystem;

const fs::path templates = WICK_TEMPLATES_DIR;

std::string read(const fs::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class GeneratorTest : public ::testing::Test {
 protected:
  GeneratorTest()
      : dir(fs::temp_directory_path() / ("wick-generator-" + std::to_string(::getpid()))) {
    fs::remove_all(dir);
  }
  ~GeneratorTest() override { fs::remove_all(dir); }
  fs::path dir;
};

TEST(GeneratorNames, SnakeCaseOfCamelCase) {
  EXPECT_EQ(snake_case("Room"), "room");
  EXPECT_EQ(snake_case("ChatRoom"), "chat_room");
  EXPECT_EQ(snake_case("Room2"), "room2");
  EXPECT_THROW(snake_case("room"), GeneratorError);
  EXPECT_THROW(snake_case("Chat-Room"), GeneratorError);
  EXPECT_THROW(snake_case(""), GeneratorError);
}

TEST_F(GeneratorTest, NewAppWritesTheProjectWithItsName) {
  auto written = new_app(templates, "myapp", dir);
  for (const char* file :
       {"CMakeLists.txt", "src/main.cpp", "src/lobby_channel.hpp", "web/app.js", "web/index.html",
        "package.json", "test/lobby_channel.test.mjs", "test/server.mjs", ".gitignore"}) {
    EXPECT_NE(std::find(written.begin(), written.end(), file), written.end()) << file;
    EXPECT_TRUE(fs::exists(dir / file)) << file;
  }
  EXPECT_NE(read(dir / "CMakeLists.txt").find("project(myapp LANGUAGES CXX)"), std::string::npos);
  EXPECT_NE(read(dir / "package.json").find("\"name\": \"myapp\""), std::string::npos);
  for (const auto& file : written) {
    EXPECT_EQ(read(dir / file).find("{{app}}"), std::string::npos) << file << " has a blank left";
  }
}

TEST_F(GeneratorTest, NewAppRefusesBadNamesAndFullDirectories) {
  EXPECT_THROW(new_app(templates, "MyApp", dir), GeneratorError);
  EXPECT_THROW(new_app(templates, "my app", dir), GeneratorError);
  fs::create_directories(dir);
  std::ofstream(dir / "keep") << "mine";
  EXPECT_THROW(new_app(templates, "myapp", dir), GeneratorError);
  EXPECT_EQ(read(dir / "keep"), "mine");
}

TEST_F(GeneratorTest, GenChannelWritesItAndRegistersItOnce) {
  new_app(templates, "myapp", dir);
  auto written = gen_channel(templates, "ChatRoom", dir);
  EXPECT_EQ(written, (std::vector<std::string>{"src/chat_room_channel.hpp",
                                               "test/chat_room_channel.test.mjs", "src/main.cpp"}));
  std::string header = read(dir / "src/chat_room_channel.hpp");
  EXPECT_NE(header.find("class ChatRoomChannel : public wick::Channel"), std::string::npos);
  EXPECT_NE(read(dir / "test/chat_room_channel.test.mjs").find("\"chat_room:lobby\""),
            std::string::npos);
  std::string main_text = read(dir / "src/main.cpp");
  EXPECT_NE(main_text.find("#include \"chat_room_channel.hpp\"\n// wick:channel-includes"),
            std::string::npos)
      << main_text;
  EXPECT_NE(main_text.find("    channel<ChatRoomChannel>(\"chat_room:*\");\n    // wick:channels"),
            std::string::npos)
      << main_text;
  EXPECT_THROW(gen_channel(templates, "ChatRoom", dir), GeneratorError);
  EXPECT_EQ(read(dir / "src/main.cpp"), main_text);
}

TEST_F(GeneratorTest, GenChannelNeedsAProjectWithTheMarkers) {
  EXPECT_THROW(gen_channel(templates, "Room", dir), GeneratorError);
  fs::create_directories(dir / "src");
  std::ofstream(dir / "src/main.cpp") << "int main() {}\n";
  EXPECT_THROW(gen_channel(templates, "Room", dir), GeneratorError);
  EXPECT_FALSE(fs::exists(dir / "src/room_channel.hpp"));
}

}  // namespace
}  // namespace generator
