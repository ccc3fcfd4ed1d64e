#include "transport/static_files.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace wick::detail {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(root / "site" / "css");
    std::ofstream(root / "site" / "index.html") << "<h1>home</h1>";
    std::ofstream(root / "site" / "css" / "app.css") << "body{}";
    std::ofstream(root / "secret.txt") << "outside";
    mounts = {{"/", (root / "site").string()}};
  }
  void TearDown() override { std::filesystem::remove_all(root); }

  std::optional<HttpResponse> get(std::string path, std::string method = "GET") {
    HttpRequest request;
    request.method = std::move(method);
    request.path = std::move(path);
    return serve_static(mounts, request);
  }

  // Unique per process and test, so parallel runs never share it.
  std::filesystem::path root = std::filesystem::temp_directory_path() /
                               ("wick-static-" + std::to_string(::getpid()) + "-" +
                                ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::vector<StaticMount> mounts;
};

TEST_F(StaticFilesTest, ServesFilesWithTheirTypeAndIndexForDirectories) {
  auto home = get("/");
  ASSERT_TRUE(home);
  EXPECT_EQ(home->status, 200);
  EXPECT_EQ(home->body, "<h1>home</h1>");
  EXPECT_EQ(home->content_type, "text/html; charset=utf-8");
  auto css = get("/css/app.css");
  EXPECT_EQ(css->body, "body{}");
  EXPECT_EQ(css->content_type, "text/css; charset=utf-8");
  EXPECT_EQ(get("/css/app.css", "HEAD")->status, 200);
}

TEST_F(StaticFilesTest, RefusesTraversalMissingFilesAndOtherMethods) {
  EXPECT_EQ(get("/../secret.txt")->status, 404);
  EXPECT_EQ(get("/%2e%2e/secret.txt")->status, 404);
  EXPECT_EQ(get("/css/../../secret.txt")->status, 404);
  EXPECT_EQ(get("/nothing.js")->status, 404);
  EXPECT_EQ(get("/css")->status, 404);  // a directory without the slash is not a file
  EXPECT_EQ(get("/index.html", "POST")->status, 405);
}

TEST_F(StaticFilesTest, LeavesPathsOutsideEveryMountAlone) {
  mounts = {{"/assets/", (root / "site").string()}};
  EXPECT_FALSE(get("/index.html"));
  EXPECT_EQ(get("/assets/index.html")->status, 200);
}

}  // namespace
}  // namespace wick::detail
