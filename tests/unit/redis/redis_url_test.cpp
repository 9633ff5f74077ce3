#include "infra/redis/redis_url.hpp"

#include <gtest/gtest.h>

namespace jm::infra {
namespace {

TEST(RedisUrl, HostPortDbAndPassword) {
  auto p = parse_redis_url("redis://:s3cr%40t@cache.internal:6380/2");
  ASSERT_TRUE(p.url) << p.error;
  EXPECT_EQ(p.url->host, "cache.internal");
  EXPECT_EQ(p.url->port, 6380);
  EXPECT_EQ(p.url->db, 2);
  EXPECT_EQ(p.url->password, "s3cr@t");
  EXPECT_EQ(p.url->for_logs(), "redis://:***@cache.internal:6380/2");
}

TEST(RedisUrl, Defaults) {
  auto p = parse_redis_url("redis://localhost");
  ASSERT_TRUE(p.url) << p.error;
  EXPECT_EQ(p.url->port, 6379);
  EXPECT_EQ(p.url->db, 0);
  EXPECT_TRUE(p.url->password.empty());
  EXPECT_EQ(p.url->for_logs(), "redis://localhost:6379/0");
  ASSERT_TRUE(parse_redis_url("redis://127.0.0.1:7000/").url);
  auto v6 = parse_redis_url("redis://[::1]:7001/1");
  ASSERT_TRUE(v6.url) << v6.error;
  EXPECT_EQ(v6.url->host, "::1");
  EXPECT_EQ(v6.url->port, 7001);
}

TEST(RedisUrl, RefusesTlsClearly) {
  auto p = parse_redis_url("rediss://:pw@host:6380");
  EXPECT_FALSE(p.url);
  EXPECT_NE(p.error.find("TLS"), std::string::npos);
  EXPECT_EQ(p.error.find("pw"), std::string::npos);  // never echoes the password
}

TEST(RedisUrl, RefusesMalformed) {
  for (const char* bad :
       {"", "http://host", "redis://", "redis://host:0", "redis://host:70000", "redis://host:x",
        "redis://host/16", "redis://host/-1", "redis://host/a", "redis://user:pw@host",
        "redis://pw@host", "redis://:p%zz@host", "redis://host?timeout=1", "redis://[::1"}) {
    auto p = parse_redis_url(bad);
    EXPECT_FALSE(p.url) << bad;
    EXPECT_EQ(p.error.rfind("REDIS_URL: ", 0), 0u) << bad;
  }
}

}  // namespace
}  // namespace jm::infra
