#include "security/fernet.hpp"

#include <gtest/gtest.h>

#include "security/encoding.hpp"

namespace jm::security {
namespace {

std::string iv_from(int first) {
  std::string iv;
  for (int i = 0; i < 16; ++i) iv.push_back(static_cast<char>(first + i));
  return iv;
}

// The Fernet spec's generate.json / verify.json vector.
const std::string kSpecKey =
    base64url_padded_decode("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=").value();
const std::string kSpecToken =
    "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4"
    "IwqDA==";

TEST(Fernet, SpecVectorBothWays) {
  EXPECT_EQ(fernet_encrypt(kSpecKey, "hello", 499162800, iv_from(0)), kSpecToken);
  auto result = fernet_decrypt(kSpecKey, kSpecToken);
  EXPECT_EQ(result.error, FernetError::none);
  EXPECT_EQ(result.plaintext, "hello");
}

// Made with Python `cryptography` the way the original service did: PBKDF2-HMAC-SHA256
// of ENCRYPTION_KEY with salt "journeyman_salt", 100 000 iterations, then Fernet.
TEST(Fernet, OpensTheOriginalServicesTokens) {
  auto key = derive_fernet_key("legacy passphrase", "journeyman_salt");
  EXPECT_EQ(hex_encode(key), "ddb5539b902ed0339f8b936e6c3b14e7580290853a8b9f34982f114fde06f04a");
  const std::string token =
      "gAAAAABlU_EAEBESExQVFhcYGRobHB0eH4Bveclu8fkQS1Atn8nVnNQdkcGlQstjm4phKJqk_fB2-lJUB4K7AaH6_l2o"
      "0-cRpRyvBSatBKWX56dqG84tLvM=";
  auto result = fernet_decrypt(key, token);
  EXPECT_EQ(result.error, FernetError::none);
  EXPECT_EQ(result.plaintext, "player@example.com");
  EXPECT_EQ(fernet_encrypt(key, "player@example.com", 1700000000, iv_from(16)), token);
}

// RFC 6070-style PBKDF2-HMAC-SHA256 vectors (password "password", salt "salt").
TEST(Fernet, DerivesWithPbkdf2Sha256) {
  EXPECT_EQ(hex_encode(derive_fernet_key("password", "salt", 1)),
            "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");
  EXPECT_EQ(hex_encode(derive_fernet_key("password", "salt", 4096)),
            "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a");
  EXPECT_THROW(derive_fernet_key("p", "s", 0), std::invalid_argument);
}

TEST(Fernet, RandomIvRoundTrip) {
  auto a = fernet_encrypt(kSpecKey, "some text that spans more than one block", 1);
  auto b = fernet_encrypt(kSpecKey, "some text that spans more than one block", 1);
  EXPECT_NE(a, b);
  EXPECT_EQ(fernet_decrypt(kSpecKey, a).plaintext, "some text that spans more than one block");
  EXPECT_EQ(fernet_decrypt(kSpecKey, b).plaintext, "some text that spans more than one block");
  // Exactly one block of input gets a whole block of padding.
  auto block = fernet_encrypt(kSpecKey, std::string(16, 'x'), 1);
  EXPECT_EQ(fernet_decrypt(kSpecKey, block).plaintext, std::string(16, 'x'));
}

TEST(Fernet, EmptyStaysEmpty) {
  EXPECT_EQ(fernet_encrypt(kSpecKey, "", 1), "");
  auto result = fernet_decrypt(kSpecKey, "");
  EXPECT_EQ(result.error, FernetError::none);
  EXPECT_EQ(result.plaintext, "");
}

TEST(Fernet, TamperedTokensFailAuthentication) {
  auto raw = *base64url_padded_decode(kSpecToken);
  for (std::size_t i = 1; i < raw.size(); ++i) {  // byte 0 is the version: malformed instead
    auto changed = raw;
    changed[i] = static_cast<char>(changed[i] ^ 0x01);
    EXPECT_EQ(fernet_decrypt(kSpecKey, base64url_padded_encode(changed)).error,
              FernetError::bad_signature)
        << "byte " << i;
  }
  auto version = raw;
  version[0] = static_cast<char>(0x81);
  EXPECT_EQ(fernet_decrypt(kSpecKey, base64url_padded_encode(version)).error,
            FernetError::malformed);
}

TEST(Fernet, WrongKey) {
  auto other = derive_fernet_key("another passphrase", "journeyman_salt", 1);
  auto result = fernet_decrypt(other, kSpecToken);
  EXPECT_EQ(result.error, FernetError::bad_signature);
  EXPECT_EQ(result.plaintext, "");
  EXPECT_THROW(fernet_decrypt("short", kSpecToken), std::invalid_argument);
  EXPECT_THROW(fernet_encrypt("short", "x", 1), std::invalid_argument);
  EXPECT_THROW(fernet_encrypt(kSpecKey, "x", 1, "short iv"), std::invalid_argument);
}

TEST(Fernet, BadBase64AndLengths) {
  const std::string unpadded = kSpecToken.substr(0, kSpecToken.size() - 2);
  std::string standard_alphabet = kSpecToken;
  for (auto& c : standard_alphabet) {
    if (c == '_') c = '/';
    if (c == '-') c = '+';
  }
  const std::string raw = *base64url_padded_decode(kSpecToken);
  for (const auto& token :
       {unpadded, standard_alphabet, " " + kSpecToken, kSpecToken + "\n", std::string("gAAAAA"),
        std::string("not a token"), base64url_padded_encode(raw.substr(0, raw.size() - 1)),
        base64url_padded_encode(raw.substr(0, 25) + raw.substr(41))}) {
    FernetResult result;
    EXPECT_NO_THROW(result = fernet_decrypt(kSpecKey, token)) << token;
    EXPECT_EQ(result.error, FernetError::malformed) << token;
  }
}

}  // namespace
}  // namespace jm::security
