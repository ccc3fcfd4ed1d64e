#include "cluster/redis_url.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace wick::detail {
namespace {

TEST(RedisUrl, HostAlone) {
  RedisAddress address = parse_redis_url("redis://127.0.0.1");
  EXPECT_EQ(address.host, "127.0.0.1");
  EXPECT_EQ(address.port, 6379);
  EXPECT_EQ(address.password, "");
  EXPECT_EQ(address.database, 0u);
  EXPECT_EQ(address.where(), "127.0.0.1:6379");
}

TEST(RedisUrl, PasswordPortAndDatabase) {
  RedisAddress address = parse_redis_url("redis://:s3cr@t@redis.internal:6380/2");
  EXPECT_EQ(address.host, "redis.internal");
  EXPECT_EQ(address.port, 6380);
  EXPECT_EQ(address.user, "");
  EXPECT_EQ(address.password, "s3cr@t");  // up to the last '@'
  EXPECT_EQ(address.database, 2u);
}

TEST(RedisUrl, UserAndPassword) {
  RedisAddress address = parse_redis_url("redis://wick:pw@localhost:7000/");
  EXPECT_EQ(address.user, "wick");
  EXPECT_EQ(address.password, "pw");
  EXPECT_EQ(address.port, 7000);
  EXPECT_EQ(address.database, 0u);
}

TEST(RedisUrl, RefusesWhatItCannotRead) {
  for (const char* url :
       {"http://localhost", "redis://", "redis://host:0", "redis://host:70000", "redis://host:port",
        "redis://host/db", "redis://user@host", "redis://:@host"}) {
    EXPECT_THROW(parse_redis_url(url), std::invalid_argument) << url;
  }
}

TEST(RedisUrl, TheErrorNamesTheUrlButNotThePlace) {
  try {
    parse_redis_url("redis://host:x");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("port"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace wick::detail
