#include "security/api_keys.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

namespace jm::security {
namespace {

TEST(ApiKeys, GeneratedKeysHaveTheDocumentedShapeAndAreUnique) {
  const std::regex shape("jm_[0-9a-f]{12}_[A-Za-z0-9_-]{43}");
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    auto key = generate_api_key();
    EXPECT_TRUE(std::regex_match(key.full_key, shape)) << key.full_key;
    EXPECT_EQ(key.full_key.substr(0, key.key_id.size()), key.key_id);
    EXPECT_EQ(key.secret_hash.size(), 64u) << "sha256 hex";
    EXPECT_EQ(key.secret_hash.find(key.full_key.substr(16)), std::string::npos)
        << "the secret part is never stored";
    EXPECT_TRUE(seen.insert(key.full_key).second);
  }
}

TEST(ApiKeys, TheKeyIdIsReadOnlyFromAWellFormedKey) {
  auto key = generate_api_key();
  EXPECT_EQ(api_key_id(key.full_key), key.key_id);
  const std::vector<std::string> malformed = {"",
                                              "jm_",
                                              key.key_id,
                                              key.full_key + "x",
                                              key.full_key.substr(0, key.full_key.size() - 1),
                                              "xx" + key.full_key.substr(2),
                                              "jm_0123456789AB_" + std::string(43, 'a'),
                                              "eyJhbGciOiJIUzI1NiJ9.e30.sig"};
  for (const auto& bad : malformed) {
    EXPECT_FALSE(api_key_id(bad)) << bad;
  }
}

TEST(ApiKeys, MatchesOnlyTheExactKey) {
  auto key = generate_api_key();
  EXPECT_TRUE(api_key_matches(key.full_key, key.secret_hash));
  auto other = generate_api_key();
  EXPECT_FALSE(api_key_matches(other.full_key, key.secret_hash));
  auto flipped = key.full_key;
  flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(api_key_matches(flipped, key.secret_hash));
  EXPECT_FALSE(api_key_matches("", key.secret_hash));
  EXPECT_FALSE(api_key_matches(key.full_key, ""));
}

}  // namespace
}  // namespace jm::security
