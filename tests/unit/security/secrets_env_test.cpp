#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "secrets_test_support.hpp"
#include "security/fernet.hpp"

namespace jm::security {
namespace {

using namespace secrets_test;
using ::testing::HasSubstr;
using ::testing::Not;

std::string load_error(const Config& config, const FakeEnv& env) {
  try {
    load_secrets(config, lookup(env));
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(SecretsEnv, CompleteEnvironmentIsUsedAsIs) {
  TempDir dir;
  auto env = complete_env();
  auto s = load_secrets(config_in(dir, "production"), lookup(env));
  EXPECT_EQ(s.source, "env");
  EXPECT_FALSE(s.generated);
  EXPECT_EQ(s.jwt.current_kid, "env");
  EXPECT_EQ(s.jwt.keys.at("env"), env["JOURNEYMAN_JWT_SECRET"]);
  EXPECT_EQ(s.field_keys.current_id, "f2");
  ASSERT_EQ(s.field_keys.keys.size(), 2u);
  EXPECT_EQ(s.field_keys.keys.at("f2").size(), 32u);
  EXPECT_EQ(base64_encode(s.index_key), env["JOURNEYMAN_INDEX_KEY"]);
  EXPECT_EQ(base64_encode(s.pseudonym_key), env["JOURNEYMAN_PSEUDONYM_KEY"]);
  EXPECT_FALSE(s.legacy_fernet_key);
  EXPECT_FALSE(std::filesystem::exists(dir.file("keys.json")));
}

TEST(SecretsEnv, ProductionNamesEveryMissingVariable) {
  TempDir dir;
  auto message = load_error(config_in(dir, "production"), {});
  for (const char* name : {"JOURNEYMAN_JWT_SECRET", "JOURNEYMAN_FIELD_KEYS", "JOURNEYMAN_INDEX_KEY",
                           "JOURNEYMAN_PSEUDONYM_KEY"}) {
    EXPECT_THAT(message, HasSubstr(name));
  }
  auto env = complete_env();
  env.erase("JOURNEYMAN_INDEX_KEY");
  message = load_error(config_in(dir, "production"), env);
  EXPECT_THAT(message, HasSubstr("JOURNEYMAN_INDEX_KEY"));
  EXPECT_THAT(message, Not(HasSubstr("JOURNEYMAN_JWT_SECRET")));
  env["JOURNEYMAN_INDEX_KEY"] = "";  // set but empty counts as missing
  EXPECT_THAT(load_error(config_in(dir, "production"), env), HasSubstr("JOURNEYMAN_INDEX_KEY"));
  EXPECT_FALSE(std::filesystem::exists(dir.file("keys.json"))) << "production never generates";
}

TEST(SecretsEnv, PlaceholderAndShortJwtSecretsAreRefused) {
  TempDir dir;
  for (const std::string& bad : std::vector<std::string>{
           "changeme", "secret", std::string(40, 'a'), "abababababababababababababababab",
           "please-changeme-before-deploying-this-thing", "my-super-secret-jwt-signing-key-2024",
           random_token(16)}) {
    auto env = complete_env();
    env["JOURNEYMAN_JWT_SECRET"] = bad;
    for (const char* mode : {"production", "development"}) {
      auto message = load_error(config_in(dir, mode), env);
      EXPECT_THAT(message, HasSubstr("JOURNEYMAN_JWT_SECRET")) << bad;
      EXPECT_THAT(message, Not(HasSubstr(bad))) << "the value must never be echoed";
    }
  }
}

TEST(SecretsEnv, BinaryKeysMustBe32RealBytes) {
  TempDir dir;
  const std::string cases[] = {
      "not base64 at all!",
      base64_encode(random_bytes(16)),
      base64_encode(random_bytes(33)),
      base64_encode(std::string(32, '\0')),
      base64_encode("changemechangemechangemechangeme"),
      "changeme",
  };
  for (const auto& bad : cases) {
    auto env = complete_env();
    env["JOURNEYMAN_PSEUDONYM_KEY"] = bad;
    EXPECT_THAT(load_error(config_in(dir, "production"), env),
                HasSubstr("JOURNEYMAN_PSEUDONYM_KEY"))
        << bad;
  }
  // URL-safe and unpadded spellings of a good key are accepted.
  auto raw = random_bytes(32);
  for (const auto& spelling :
       {base64_encode(raw), base64url_encode(raw), base64_encode(raw).substr(0, 43)}) {
    auto env = complete_env();
    env["JOURNEYMAN_INDEX_KEY"] = spelling;
    EXPECT_EQ(load_secrets(config_in(dir, "production"), lookup(env)).index_key, raw);
  }
}

TEST(SecretsEnv, FieldKeyListFormat) {
  TempDir dir;
  auto env = complete_env();
  const auto k1 = random_bytes(32), k2 = random_bytes(32);
  env["JOURNEYMAN_FIELD_KEYS"] = " new:" + base64_encode(k2) + " , old:" + base64_encode(k1);
  auto s = load_secrets(config_in(dir, "production"), lookup(env));
  EXPECT_EQ(s.field_keys.current_id, "new");
  EXPECT_EQ(s.field_keys.keys.at("new"), k2);
  EXPECT_EQ(s.field_keys.keys.at("old"), k1);
  for (const std::string& bad : std::vector<std::string>{
           "justakey", "a:" + key_b64() + ",a:" + key_b64(), "bad.id:" + key_b64(), ":" + key_b64(),
           "a:" + key_b64() + ",", "a:short"}) {
    env["JOURNEYMAN_FIELD_KEYS"] = bad;
    EXPECT_THAT(load_error(config_in(dir, "production"), env), HasSubstr("JOURNEYMAN_FIELD_KEYS"))
        << bad;
  }
}

TEST(SecretsEnv, IndexAndPseudonymKeysMustDiffer) {
  TempDir dir;
  auto env = complete_env();
  env["JOURNEYMAN_PSEUDONYM_KEY"] = env["JOURNEYMAN_INDEX_KEY"];
  EXPECT_THAT(load_error(config_in(dir, "production"), env), HasSubstr("must be different"));
}

TEST(SecretsEnv, LegacyFernetKeyIsDerivedOnce) {
  TempDir dir;
  auto env = complete_env();
  env["JOURNEYMAN_LEGACY_FERNET_PASSPHRASE"] = "legacy passphrase";
  env["JOURNEYMAN_LEGACY_FERNET_SALT"] = "journeyman_salt";
  auto s = load_secrets(config_in(dir, "production"), lookup(env));
  ASSERT_TRUE(s.legacy_fernet_key);
  EXPECT_EQ(hex_encode(*s.legacy_fernet_key),
            "ddb5539b902ed0339f8b936e6c3b14e7580290853a8b9f34982f114fde06f04a");

  env.erase("JOURNEYMAN_LEGACY_FERNET_SALT");
  EXPECT_THAT(load_error(config_in(dir, "production"), env),
              HasSubstr("JOURNEYMAN_LEGACY_FERNET_SALT is required"));
  env.erase("JOURNEYMAN_LEGACY_FERNET_PASSPHRASE");
  env["JOURNEYMAN_LEGACY_FERNET_SALT"] = "journeyman_salt";
  EXPECT_THAT(load_error(config_in(dir, "production"), env),
              HasSubstr("JOURNEYMAN_LEGACY_FERNET_PASSPHRASE is not"));
}

}  // namespace
}  // namespace jm::security
