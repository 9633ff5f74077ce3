#include <gtest/gtest.h>
#include <stdlib.h>

#include <CLI/CLI.hpp>

#include "config/config.hpp"
#include "config_test_support.hpp"

namespace jm {
namespace {

Config parse_args(const std::vector<std::string>& args) {
  return jm::testing::parse_serve_args(args);
}

TEST(ConfigEnvironment, DefaultsToDevelopmentWithoutAKeysFile) {
  auto c = parse_args({});
  EXPECT_EQ(c.environment, "development");
  EXPECT_FALSE(c.is_production());
  EXPECT_EQ(c.keys_file, "");
}

TEST(ConfigEnvironment, FlagAndEnvironment) {
  setenv("JOURNEYMAN_ENV", "production", 1);
  setenv("JOURNEYMAN_KEYS_FILE", "/etc/jm/keys.json", 1);
  auto c = parse_args({});
  EXPECT_TRUE(c.is_production());
  EXPECT_EQ(c.keys_file, "/etc/jm/keys.json");
  EXPECT_EQ(parse_args({"--environment", "development"}).environment, "development");
  unsetenv("JOURNEYMAN_ENV");
  unsetenv("JOURNEYMAN_KEYS_FILE");
  EXPECT_EQ(parse_args({"--keys-file", "k.json"}).keys_file, "k.json");
}

TEST(ConfigEnvironment, OnlyKnownEnvironments) {
  EXPECT_THROW(parse_args({"--environment", "staging"}), CLI::ValidationError);
  Config c;
  c.environment = "prod";
  auto problems = validate(c);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("JOURNEYMAN_ENV"), std::string::npos);
}

}  // namespace
}  // namespace jm
