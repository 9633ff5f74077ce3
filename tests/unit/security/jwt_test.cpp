#include "security/jwt.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <random>

#include "security/encoding.hpp"
#include "security/hmac.hpp"

namespace jm::security {
namespace {

using nlohmann::json;

constexpr std::int64_t kNow = 1'700'000'000;
const std::string kSecretA = "a-very-long-random-signing-key-0123456789";
const std::string kSecretB = "another-long-random-signing-key-9876543210";

JwtKeys keys_a() {
  return {"k1", {{"k1", kSecretA}}};
}

AccessClaims claims() {
  return {"user-123", "player", "jti-1", kNow, kNow + 900};
}

// A token built by hand, so tests can say exactly what the header and payload hold.
std::string forge(const json& header, const json& payload, const std::string& secret) {
  auto input = base64url_encode(header.dump()) + "." + base64url_encode(payload.dump());
  return input + "." + base64url_encode(hmac_sha256(secret, input));
}

json std_header() {
  return {{"alg", "HS256"}, {"typ", "JWT"}, {"kid", "k1"}};
}
json std_payload() {
  return {{"sub", "u"}, {"role", "player"}, {"iat", kNow}, {"exp", kNow + 60}};
}

TEST(Jwt, RoundTrip) {
  auto token = sign_access_token(claims(), keys_a());
  auto result = verify_access_token(token, keys_a(), kNow + 10);
  ASSERT_EQ(result.error, JwtError::none) << to_string(result.error);
  EXPECT_EQ(result.claims.sub, "user-123");
  EXPECT_EQ(result.claims.role, "player");
  EXPECT_EQ(result.claims.jti, "jti-1");
  EXPECT_EQ(result.claims.iat, kNow);
  EXPECT_EQ(result.claims.exp, kNow + 900);
}

TEST(Jwt, HeaderNamesAlgTypAndKid) {
  auto token = sign_access_token(claims(), keys_a());
  auto header = json::parse(*base64url_decode(token.substr(0, token.find('.'))));
  EXPECT_EQ(header, json({{"alg", "HS256"}, {"typ", "JWT"}, {"kid", "k1"}}));
}

TEST(Jwt, SignRequiresTheCurrentKey) {
  EXPECT_THROW(sign_access_token(claims(), {"missing", {{"k1", kSecretA}}}), std::invalid_argument);
}

TEST(Jwt, ExpiryAndIssuedAt) {
  auto token = sign_access_token(claims(), keys_a());
  EXPECT_EQ(verify_access_token(token, keys_a(), kNow + 899).error, JwtError::none);
  EXPECT_EQ(verify_access_token(token, keys_a(), kNow + 900).error, JwtError::expired);
  EXPECT_EQ(verify_access_token(token, keys_a(), kNow - 60).error, JwtError::none);
  EXPECT_EQ(verify_access_token(token, keys_a(), kNow - 61).error, JwtError::not_yet_valid);
  auto future_nbf = std_payload();
  future_nbf["nbf"] = kNow + 120;
  EXPECT_EQ(verify_access_token(forge(std_header(), future_nbf, kSecretA), keys_a(), kNow).error,
            JwtError::not_yet_valid);
  // Extreme claim values are compared without overflowing.
  auto extreme = std_payload();
  extreme["iat"] = INT64_MIN;
  extreme["exp"] = INT64_MAX;
  EXPECT_EQ(verify_access_token(forge(std_header(), extreme, kSecretA), keys_a(), kNow).error,
            JwtError::none);
  extreme["iat"] = INT64_MAX - 1;
  EXPECT_EQ(verify_access_token(forge(std_header(), extreme, kSecretA), keys_a(), -kNow).error,
            JwtError::not_yet_valid);
}

TEST(Jwt, TamperedPartsFail) {
  auto token = sign_access_token(claims(), keys_a());
  const auto dot1 = token.find('.'), dot2 = token.rfind('.');
  // Payload swapped for an admin one, old signature kept.
  auto admin = claims();
  admin.role = "admin";
  auto other = sign_access_token(admin, keys_a());
  auto spliced = token.substr(0, dot1) +
                 other.substr(other.find('.'), other.rfind('.') - other.find('.')) +
                 token.substr(dot2);
  EXPECT_EQ(verify_access_token(spliced, keys_a(), kNow).error, JwtError::bad_signature);
  // One signature character changed (kept canonical by flipping the first character).
  auto bad_sig = token;
  bad_sig[dot2 + 1] = bad_sig[dot2 + 1] == 'A' ? 'B' : 'A';
  EXPECT_EQ(verify_access_token(bad_sig, keys_a(), kNow).error, JwtError::bad_signature);
  // Header re-encoded with an extra field: signature no longer covers it.
  auto header = std_header();
  header["x"] = 1;
  auto bad_header = base64url_encode(header.dump()) + token.substr(dot1);
  EXPECT_EQ(verify_access_token(bad_header, keys_a(), kNow).error, JwtError::bad_signature);
  // Signature truncated or extended.
  EXPECT_NE(verify_access_token(token.substr(0, token.size() - 4), keys_a(), kNow).error,
            JwtError::none);
  EXPECT_NE(verify_access_token(token + "AAAA", keys_a(), kNow).error, JwtError::none);
}

TEST(Jwt, OnlyHs256IsAccepted) {
  for (const char* alg : {"none", "None", "HS512", "HS384", "RS256", "ES256", "hs256", ""}) {
    auto header = std_header();
    header["alg"] = alg;
    auto token = forge(header, std_payload(), kSecretA);
    EXPECT_EQ(verify_access_token(token, keys_a(), kNow).error, JwtError::wrong_algorithm) << alg;
  }
  // The classic "alg":"none" token with an empty signature.
  auto header = std_header();
  header["alg"] = "none";
  auto unsigned_token =
      base64url_encode(header.dump()) + "." + base64url_encode(std_payload().dump()) + ".";
  EXPECT_EQ(verify_access_token(unsigned_token, keys_a(), kNow).error, JwtError::wrong_algorithm);
  auto no_alg = std_header();
  no_alg.erase("alg");
  EXPECT_EQ(verify_access_token(forge(no_alg, std_payload(), kSecretA), keys_a(), kNow).error,
            JwtError::malformed);
}

TEST(Jwt, WrongOrUnknownKey) {
  auto token = sign_access_token(claims(), keys_a());
  JwtKeys same_kid_other_secret{"k1", {{"k1", kSecretB}}};
  EXPECT_EQ(verify_access_token(token, same_kid_other_secret, kNow).error, JwtError::bad_signature);
  JwtKeys other_kid{"k2", {{"k2", kSecretA}}};
  EXPECT_EQ(verify_access_token(token, other_kid, kNow).error, JwtError::unknown_key);
  auto no_kid = std_header();
  no_kid.erase("kid");
  EXPECT_EQ(verify_access_token(forge(no_kid, std_payload(), kSecretA), keys_a(), kNow).error,
            JwtError::unknown_key);
}

TEST(Jwt, KeyRotationSignsWithCurrentAndVerifiesWithAny) {
  JwtKeys before{"k1", {{"k1", kSecretA}}};
  JwtKeys after{"k2", {{"k1", kSecretA}, {"k2", kSecretB}}};
  auto old_token = sign_access_token(claims(), before);
  auto new_token = sign_access_token(claims(), after);
  EXPECT_EQ(verify_access_token(old_token, after, kNow).error, JwtError::none);
  EXPECT_EQ(verify_access_token(new_token, after, kNow).error, JwtError::none);
  EXPECT_EQ(verify_access_token(new_token, before, kNow).error, JwtError::unknown_key);
  auto header = json::parse(*base64url_decode(new_token.substr(0, new_token.find('.'))));
  EXPECT_EQ(header["kid"], "k2");
  // k1 retired: its tokens stop working.
  JwtKeys retired{"k2", {{"k2", kSecretB}}};
  EXPECT_EQ(verify_access_token(old_token, retired, kNow).error, JwtError::unknown_key);
}

TEST(Jwt, RequiredClaims) {
  auto check = [](json payload) {
    return verify_access_token(forge(std_header(), payload, kSecretA), keys_a(), kNow).error;
  };
  EXPECT_EQ(check(std_payload()), JwtError::none);
  for (const char* name : {"sub", "role", "exp"}) {
    auto p = std_payload();
    p.erase(name);
    EXPECT_EQ(check(p), JwtError::malformed) << name;
  }
  auto p = std_payload();
  p["sub"] = 42;
  EXPECT_EQ(check(p), JwtError::malformed);
  p = std_payload();
  p["role"] = "";
  EXPECT_EQ(check(p), JwtError::malformed);
  p = std_payload();
  p["exp"] = "tomorrow";
  EXPECT_EQ(check(p), JwtError::malformed);
  p = std_payload();
  p["exp"] = 1.5e12;
  EXPECT_EQ(check(p), JwtError::malformed);
  p = std_payload();
  p["jti"] = json::array();
  EXPECT_EQ(check(p), JwtError::malformed);
  p = std_payload();
  p.erase("iat");
  EXPECT_EQ(check(p), JwtError::none);
  EXPECT_EQ(
      verify_access_token(forge(std_header(), json::array({1}), kSecretA), keys_a(), kNow).error,
      JwtError::malformed);
}

TEST(Jwt, StructureMustBeStrict) {
  auto token = sign_access_token(claims(), keys_a());
  const auto dot1 = token.find('.');
  for (const std::string& bad :
       {std::string(""), std::string("."), std::string(".."), std::string("a.b"),
        std::string("a.b.c.d"), token + ".", "." + token,
        token.substr(0, dot1) + "=" + token.substr(dot1), " " + token, token.substr(0, dot1)}) {
    EXPECT_EQ(verify_access_token(bad, keys_a(), kNow).error, JwtError::malformed) << bad;
  }
  // Standard-alphabet base64 or padding in the signature is not base64url.
  auto padded = token + "=";
  EXPECT_EQ(verify_access_token(padded, keys_a(), kNow).error, JwtError::malformed);
  EXPECT_EQ(verify_access_token(std::string(9000, 'a'), keys_a(), kNow).error, JwtError::malformed);
}

TEST(Jwt, RandomGarbageNeverVerifiesOrCrashes) {
  std::mt19937 rng(12345);
  const std::string alphabet = "ABCxyz019-_.+/={}\":, \x01\xff";
  auto token = sign_access_token(claims(), keys_a());
  for (int i = 0; i < 5000; ++i) {
    std::string s;
    if (i % 2 == 0) {
      const int len = static_cast<int>(rng() % 200);
      for (int k = 0; k < len; ++k) s.push_back(alphabet[rng() % alphabet.size()]);
    } else {  // a real token with a few random byte changes
      s = token;
      for (int k = 0; k < 1 + static_cast<int>(rng() % 3); ++k) {
        s[rng() % s.size()] = alphabet[rng() % alphabet.size()];
      }
    }
    JwtResult result;
    EXPECT_NO_THROW(result = verify_access_token(s, keys_a(), kNow));
    if (s != token) {
      EXPECT_NE(result.error, JwtError::none) << s;
    }
  }
}

}  // namespace
}  // namespace jm::security
