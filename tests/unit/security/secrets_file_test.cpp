#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "secrets_test_support.hpp"

namespace jm::security {
namespace {

using namespace secrets_test;
using nlohmann::json;
using ::testing::HasSubstr;

std::string load_error(const Config& config, const FakeEnv& env) {
  try {
    load_secrets(config, lookup(env));
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(no error)";
}

json complete_file() {
  return {{"jwt", {{"j1", random_token(40)}, {"j2", random_token(40)}}},
          {"jwtCurrent", "j2"},
          {"field", {{"f1", key_b64()}}},
          {"index", key_b64()},
          {"pseudonym", key_b64()}};
}

TEST(SecretsFile, LoadsAPrivateKeysFile) {
  TempDir dir;
  auto doc = complete_file();
  write_file(dir.file("keys.prod.json"), doc.dump(), 0600);
  auto config = config_in(dir, "production");
  config.keys_file = dir.file("keys.prod.json");
  auto s = load_secrets(config, lookup({}));
  EXPECT_EQ(s.source, "file:" + config.keys_file);
  EXPECT_EQ(s.jwt.current_kid, "j2");
  EXPECT_EQ(s.jwt.keys.size(), 2u);
  EXPECT_EQ(s.jwt.keys.at("j1"), doc["jwt"]["j1"]);
  EXPECT_EQ(s.field_keys.current_id, "f1") << "a single key is current without fieldCurrent";
  EXPECT_EQ(base64_encode(s.index_key), doc["index"]);
  EXPECT_FALSE(s.generated);
}

TEST(SecretsFile, EnvironmentWinsPerKey) {
  TempDir dir;
  write_file(dir.file("k.json"), complete_file().dump(), 0600);
  auto config = config_in(dir, "production");
  config.keys_file = dir.file("k.json");
  FakeEnv env{{"JOURNEYMAN_JWT_SECRET", random_token(48)}};
  auto s = load_secrets(config, lookup(env));
  EXPECT_EQ(s.jwt.current_kid, "env");
  EXPECT_EQ(s.jwt.keys.at("env"), env["JOURNEYMAN_JWT_SECRET"]);
  EXPECT_EQ(s.field_keys.current_id, "f1");
  EXPECT_EQ(s.source, "env+file:" + config.keys_file);
}

TEST(SecretsFile, RefusesFilesOthersCanRead) {
  TempDir dir;
  auto config = config_in(dir, "production");
  config.keys_file = dir.file("k.json");
  for (mode_t mode : {0644, 0640, 0604, 0660, 0602}) {
    write_file(config.keys_file, complete_file().dump(), mode);
    auto message = load_error(config, {});
    EXPECT_THAT(message, HasSubstr("accessible by group or others")) << std::oct << mode;
    EXPECT_THAT(message, HasSubstr("chmod 600 " + config.keys_file));
  }
  write_file(config.keys_file, complete_file().dump(), 0400);
  EXPECT_NO_THROW(load_secrets(config, lookup({})));
}

TEST(SecretsFile, BadFilesNameTheProblem) {
  TempDir dir;
  auto config = config_in(dir, "production");
  config.keys_file = dir.file("k.json");
  EXPECT_THAT(load_error(config, {}), HasSubstr(config.keys_file));  // missing file

  auto expect_error = [&](const std::string& text, const std::string& fragment) {
    write_file(config.keys_file, text, 0600);
    EXPECT_THAT(load_error(config, {}), HasSubstr(fragment)) << text;
  };
  expect_error("{not json", "not a JSON object");
  expect_error("[]", "not a JSON object");
  auto doc = complete_file();
  doc.erase("jwtCurrent");
  expect_error(doc.dump(), "\"jwtCurrent\" is required");
  doc["jwtCurrent"] = "j9";
  expect_error(doc.dump(), "\"jwtCurrent\" names a key");
  doc = complete_file();
  doc["jwt"]["j1"] = "changeme";
  expect_error(doc.dump(), "\"jwt\".\"j1\"");
  doc = complete_file();
  doc["field"] = {{"f1", base64_encode(random_bytes(16))}};
  expect_error(doc.dump(), "\"field\".\"f1\"");
  doc = complete_file();
  doc["field"] = json::object();
  expect_error(doc.dump(), "non-empty object");
  doc = complete_file();
  doc["index"] = 7;
  expect_error(doc.dump(), "\"index\" must be a base64 string");
  doc = complete_file();
  doc["field"] = {{"has.dot", key_b64()}};
  expect_error(doc.dump(), "key id");
  doc = complete_file();
  doc.erase("pseudonym");
  expect_error(doc.dump(), "JOURNEYMAN_PSEUDONYM_KEY (keys file: \"pseudonym\")");
}

TEST(SecretsDevelopment, GeneratesPrivateKeysOnceAndReusesThem) {
  TempDir dir;
  auto config = config_in(dir, "development");
  const auto path = dir.file("keys.json");
  ASSERT_EQ(development_keys_path(config), path);
  auto first = load_secrets(config, lookup({}));
  EXPECT_TRUE(first.generated);
  EXPECT_EQ(first.source, "development:" + path);
  ASSERT_TRUE(std::filesystem::exists(path));
  EXPECT_EQ(file_mode(path), 0600u);
  EXPECT_EQ(first.jwt.keys.at(first.jwt.current_kid).size(), 43u);
  EXPECT_EQ(first.field_keys.keys.at(first.field_keys.current_id).size(), 32u);
  EXPECT_EQ(first.index_key.size(), 32u);
  EXPECT_NE(first.index_key, first.pseudonym_key);

  auto second = load_secrets(config, lookup({}));
  EXPECT_TRUE(second.generated);
  EXPECT_EQ(second.jwt.keys, first.jwt.keys);
  EXPECT_EQ(second.field_keys.keys, first.field_keys.keys);
  EXPECT_EQ(second.index_key, first.index_key);
  EXPECT_EQ(second.pseudonym_key, first.pseudonym_key);
  // Nothing but keys.json was left behind (no temporary files).
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(SecretsDevelopment, ConfiguredKeysWinAndOnlyTheRestAreGenerated) {
  TempDir dir;
  auto config = config_in(dir, "development");
  FakeEnv env{{"JOURNEYMAN_JWT_SECRET", random_token(48)}};
  auto s = load_secrets(config, lookup(env));
  EXPECT_EQ(s.jwt.keys.at("env"), env["JOURNEYMAN_JWT_SECRET"]);
  EXPECT_TRUE(s.generated);
  EXPECT_EQ(s.source, "env+development:" + dir.file("keys.json"));
  // Everything configured: the development file is neither needed nor made.
  TempDir other;
  auto full = load_secrets(config_in(other, "development"), lookup(complete_env()));
  EXPECT_FALSE(full.generated);
  EXPECT_FALSE(std::filesystem::exists(other.file("keys.json")));
}

TEST(SecretsDevelopment, GeneratedFileIsCheckedLikeAnyOther) {
  TempDir dir;
  auto config = config_in(dir, "development");
  load_secrets(config, lookup({}));
  ::chmod(dir.file("keys.json").c_str(), 0644);
  EXPECT_THAT(load_error(config, {}), HasSubstr("accessible by group or others"));
  write_file(dir.file("keys.json"), R"({"jwt":{"a":")" + random_token(40) + R"("}})", 0600);
  EXPECT_THAT(load_error(config, {}), HasSubstr("delete it to have it generated again"));
}

TEST(SecretsDevelopment, CreatesTheDatabaseDirectory) {
  TempDir dir;
  Config config;
  config.database_url = "sqlite:" + dir.file("nested/deeper/journeyman.db");
  auto s = load_secrets(config, lookup({}));
  EXPECT_TRUE(s.generated);
  EXPECT_TRUE(std::filesystem::exists(dir.file("nested/deeper/keys.json")));
}

TEST(SecretsDevelopment, KeysPathFollowsTheDatabase) {
  Config c;
  EXPECT_EQ(development_keys_path(c), "var/keys.json");
  c.database_url = "sqlite:/srv/jm/data.db";
  EXPECT_EQ(development_keys_path(c), "/srv/jm/keys.json");
  c.database_url = "sqlite:data.db";
  EXPECT_EQ(development_keys_path(c), "./keys.json");
  c.database_url = "sqlite::memory:";
  EXPECT_EQ(development_keys_path(c), "var/keys.json");
  c.database_url = "postgres://db/jm";
  EXPECT_EQ(development_keys_path(c), "var/keys.json");
}

}  // namespace
}  // namespace jm::security
