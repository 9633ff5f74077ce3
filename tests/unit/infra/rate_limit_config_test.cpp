#include "infra/rate_limit_config.hpp"

#include <gtest/gtest.h>

#include <stdlib.h>

#include <CLI/CLI.hpp>
#include "../config/config_test_support.hpp"

namespace jm::infra {
namespace {

Config parse(const std::vector<std::string>& args) {
  return jm::testing::parse_serve_args(args);
}

TEST(RateRuleParse, AcceptsCountPerWindow) {
  EXPECT_EQ(parse_rate_rule("100/15m"), (RateRule{100, 900'000}));
  EXPECT_EQ(parse_rate_rule("3/2s"), (RateRule{3, 2000}));
  EXPECT_EQ(parse_rate_rule("50/1m"), (RateRule{50, 60'000}));
  EXPECT_EQ(parse_rate_rule("3/1h"), (RateRule{3, 3'600'000}));
  EXPECT_EQ(parse_rate_rule("1000/7d"), (RateRule{1000, 7 * 86'400'000LL}));
}

TEST(RateRuleParse, RejectsEverythingElse) {
  for (std::string_view bad :
       {"",      "100",    "100/",       "/15m",           "100/m",    "100/15",   "100/15x",
        "0/1m",  "100/0s", "-1/1m",      "1.5/1m",         "100/15m ", " 100/15m", "100 / 15m",
        "01/1m", "1/8d",   "1000001/1m", "99999999999/1s", "100/15M",  "off",      "1/1m/1m"}) {
    EXPECT_FALSE(parse_rate_rule(bad)) << bad;
  }
}

TEST(RateLimitConfig, NamesFollowTheClass) {
  EXPECT_EQ(rate_env_name("gdpr_export"), "JOURNEYMAN_RATE_GDPR_EXPORT");
  EXPECT_EQ(rate_flag_name("gdpr_export"), "--rate-gdpr-export");
}

TEST(RateLimitConfig, DefaultsAreTheOriginalNumbers) {
  auto table = RateLimitTable::from_config(Config{});
  EXPECT_TRUE(table.enabled());
  EXPECT_EQ(table.rule("general"), (RateRule{100, 900'000}));
  EXPECT_EQ(table.rule("strict"), (RateRule{10, 900'000}));
  EXPECT_EQ(table.rule("auth"), (RateRule{5, 900'000}));
  EXPECT_EQ(table.rule("gdpr_export"), (RateRule{5, 60'000}));
  EXPECT_EQ(table.rule("gdpr_delete"), (RateRule{3, 3'600'000}));
  EXPECT_EQ(table.rule("consent_read"), (RateRule{30, 60'000}));
  EXPECT_EQ(table.rule("consent_write"), (RateRule{20, 60'000}));
  EXPECT_EQ(table.rule("consent_delete"), (RateRule{10, 60'000}));
  EXPECT_EQ(table.rule("crypto"), (RateRule{50, 60'000}));
  EXPECT_EQ(table.rule("submit"), (RateRule{20, 900'000}));
  EXPECT_EQ(table.rule("game"), (RateRule{600, 900'000}));
  EXPECT_FALSE(table.rule("none"));
  EXPECT_TRUE(RateLimitTable::known("none"));
  EXPECT_FALSE(RateLimitTable::known("bogus"));
}

TEST(RateLimitConfig, EnvironmentAndFlagsOverride) {
  setenv("JOURNEYMAN_RATE_GDPR_DELETE", "3/2s", 1);
  auto c = parse({"--rate-general", "7/1m"});
  unsetenv("JOURNEYMAN_RATE_GDPR_DELETE");
  EXPECT_TRUE(validate(c).empty());
  auto table = RateLimitTable::from_config(c);
  EXPECT_EQ(table.rule("gdpr_delete"), (RateRule{3, 2000}));
  EXPECT_EQ(table.rule("general"), (RateRule{7, 60'000}));
  EXPECT_EQ(table.rule("auth"), (RateRule{5, 900'000}));
}

TEST(RateLimitConfig, BadValueIsAValidationErrorNamingTheVariable) {
  setenv("JOURNEYMAN_RATE_AUTH", "lots", 1);
  auto c = parse({});
  unsetenv("JOURNEYMAN_RATE_AUTH");
  auto problems = validate(c);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("JOURNEYMAN_RATE_AUTH"), std::string::npos);
  EXPECT_NE(problems[0].find("'lots'"), std::string::npos);
  EXPECT_THROW(RateLimitTable::from_config(c), std::invalid_argument);
}

TEST(RateLimitConfig, OffDisablesEveryClass) {
  setenv("JOURNEYMAN_RATE_LIMITS", "off", 1);
  auto c = parse({});
  unsetenv("JOURNEYMAN_RATE_LIMITS");
  auto table = RateLimitTable::from_config(c);
  EXPECT_FALSE(table.enabled());
  EXPECT_FALSE(table.rule("general"));
  EXPECT_THROW(parse({"--rate-limits", "maybe"}), CLI::ValidationError);
}

TEST(RateLimitConfig, TrustedProxiesAreValidated) {
  auto c = parse({"--trusted-proxies", "10.0.0.1, 172.16.0.0/12,::1"});
  EXPECT_EQ(c.trusted_proxies.size(), 3u);
  EXPECT_TRUE(validate(c).empty());
  auto bad = parse({"--trusted-proxies", "10.0.0.1,proxy.local"});
  auto problems = validate(bad);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("JOURNEYMAN_TRUSTED_PROXIES"), std::string::npos);
  EXPECT_NE(problems[0].find("proxy.local"), std::string::npos);
}

}  // namespace
}  // namespace jm::infra
