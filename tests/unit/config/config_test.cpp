#include "config/config.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <CLI/CLI.hpp>
#include "config_test_support.hpp"

namespace jm {
namespace {

Config parse(const std::vector<std::string>& args) {
  return jm::testing::parse_serve_args(args);
}

TEST(Config, DefaultsAreValid) {
  auto c = parse({});
  EXPECT_EQ(c.port, 8080);
  EXPECT_EQ(c.sqlite_path(), "var/journeyman.db");
  EXPECT_TRUE(validate(c).empty());
}

TEST(Config, FlagsWinOverEnvironment) {
  setenv("PORT", "9001", 1);
  EXPECT_EQ(parse({}).port, 9001);
  EXPECT_EQ(parse({"--port", "9002"}).port, 9002);
  unsetenv("PORT");
}

TEST(Config, DbShortcutAndListParsing) {
  auto c = parse({"--db", "/tmp/x.db", "--cors-origins", "http://a.test, https://b.test"});
  EXPECT_EQ(c.sqlite_path(), "/tmp/x.db");
  ASSERT_EQ(c.cors_origins.size(), 2u);
  EXPECT_EQ(c.cors_origins[1], "https://b.test");
}

TEST(Config, RejectsOutOfRangeAndUnknownValues) {
  EXPECT_THROW(parse({"--port", "70000"}), CLI::ValidationError);
  EXPECT_THROW(parse({"--log-format", "xml"}), CLI::ValidationError);
}

TEST(Config, ValidationNamesTheProblem) {
  Config c;
  c.database_url = "mysql://x";
  EXPECT_NE(validate(c)[0].find("sqlite:PATH or postgres://"), std::string::npos);
  Config r;
  r.redis_url = "redis://localhost";
  EXPECT_TRUE(validate(r).empty());
  r.redis_url = "rediss://localhost";  // no TLS in hiredis 0.14: refused, named
  ASSERT_EQ(validate(r).size(), 1u);
  EXPECT_NE(validate(r)[0].find("TLS"), std::string::npos);
  Config o;
  o.cors_origins = {"ftp://x"};
  EXPECT_EQ(validate(o).size(), 1u);
}

TEST(Config, PostgresUrlAndPoolSettings) {
  setenv("JOURNEYMAN_PG_POOL_MAX", "40", 1);
  setenv("JOURNEYMAN_PG_PREPARED", "off", 1);
  setenv("JOURNEYMAN_PG_WRITERS", "3", 1);
  auto c = parse({"--database-url", "postgresql://app:s3cret@db:5432/jm", "--pg-pool-min", "2",
                  "--database-read-url", "postgres://app:s3cret@replica/jm"});
  unsetenv("JOURNEYMAN_PG_POOL_MAX");
  unsetenv("JOURNEYMAN_PG_PREPARED");
  unsetenv("JOURNEYMAN_PG_WRITERS");
  EXPECT_EQ(c.pg.writers, 3);
  EXPECT_EQ(parse({}).pg.writers, 1);
  EXPECT_TRUE(c.is_postgres());
  EXPECT_TRUE(validate(c).empty()) << validate(c)[0];
  EXPECT_EQ(c.pg.pool_min, 2);
  EXPECT_EQ(c.pg.pool_max, 40);
  EXPECT_FALSE(c.pg.prepared);
  EXPECT_EQ(c.pg.max_uses, 7500);  // the original's defaults
  EXPECT_EQ(c.pg.idle_seconds, 30);
  EXPECT_EQ(c.pg.statement_timeout_ms, 30000);
  EXPECT_EQ(c.database_url_for_logs(), "postgresql://app:***@db:5432/jm");

  c.pg.writers = 40;  // as many as the pool: nothing left for reads
  ASSERT_EQ(validate(c).size(), 1u);
  EXPECT_NE(validate(c)[0].find("JOURNEYMAN_PG_WRITERS"), std::string::npos);
  c.pg.writers = 3;

  c.pg.pool_min = 50;
  ASSERT_EQ(validate(c).size(), 1u);
  EXPECT_NE(validate(c)[0].find("JOURNEYMAN_PG_POOL_MIN"), std::string::npos);

  Config sqlite_with_replica;
  sqlite_with_replica.pg.read_url = "postgres://replica/jm";
  ASSERT_EQ(validate(sqlite_with_replica).size(), 1u);
  EXPECT_NE(validate(sqlite_with_replica)[0].find("DATABASE_READ_URL"), std::string::npos);
  EXPECT_EQ(sqlite_with_replica.database_url_for_logs(), "sqlite:var/journeyman.db");
}

}  // namespace
}  // namespace jm
