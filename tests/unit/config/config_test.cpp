#include "config/config.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <CLI/CLI.hpp>

namespace jm {
namespace {

Config parse(std::vector<std::string> args) {
  CLI::App app;
  Config c;
  add_server_options(app, c);
  std::vector<const char*> argv{"serve"};
  for (auto& a : args) argv.push_back(a.c_str());
  app.parse(static_cast<int>(argv.size()), const_cast<char**>(argv.data()));
  return c;
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
  c.database_url = "postgres://localhost/db";
  auto problems = validate(c);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("not supported yet"), std::string::npos);
  c.database_url = "mysql://x";
  EXPECT_NE(validate(c)[0].find("sqlite:PATH"), std::string::npos);
  Config r;
  r.redis_url = "redis://localhost";
  EXPECT_EQ(validate(r).size(), 1u);
  Config o;
  o.cors_origins = {"ftp://x"};
  EXPECT_EQ(validate(o).size(), 1u);
}

}  // namespace
}  // namespace jm
