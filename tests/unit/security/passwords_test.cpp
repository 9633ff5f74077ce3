#include "security/passwords.hpp"

#include <crypt.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace jm::security {
namespace {

// Cheap parameters keep the suite fast; the defaults are exercised once below.
const PasswordParams kFast{256, 1, 1};

TEST(Passwords, HashIsPhcArgon2idWithTheParams) {
  auto hash = hash_password("hunter2", kFast);
  EXPECT_EQ(hash.rfind("$argon2id$v=19$m=256,t=1,p=1$", 0), 0u) << hash;
  // 16-byte salt → 22 base64 chars, 32-byte hash → 43 base64 chars.
  const std::string prefix = "$argon2id$v=19$m=256,t=1,p=1$";
  const auto hash_start = hash.rfind('$');
  EXPECT_EQ(hash_start - prefix.size(), 22u);
  EXPECT_EQ(hash.size() - hash_start - 1, 43u);
  EXPECT_NE(hash_password("hunter2", kFast), hash) << "fresh salt every time";
}

TEST(Passwords, DefaultParamsRoundTrip) {
  auto hash = hash_password("correct horse battery staple");
  EXPECT_EQ(hash.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u);
  auto check = verify_password("correct horse battery staple", hash);
  EXPECT_TRUE(check.ok);
  EXPECT_FALSE(check.needs_rehash);
  EXPECT_FALSE(verify_password("correct horse battery stapler", hash).ok);
}

TEST(Passwords, WrongPasswordAndEmptyPassword) {
  auto hash = hash_password("", kFast);
  EXPECT_TRUE(verify_password("", hash, kFast).ok);
  auto wrong = verify_password("x", hash, kFast);
  EXPECT_FALSE(wrong.ok);
  EXPECT_FALSE(wrong.needs_rehash);
  auto binary = std::string("a\0b", 3);
  auto bhash = hash_password(binary, kFast);
  EXPECT_TRUE(verify_password(binary, bhash, kFast).ok);
  EXPECT_FALSE(verify_password("a", bhash, kFast).ok);
}

TEST(Passwords, RejectsOverlongPasswords) {
  std::string longest(kMaxPasswordBytes, 'p');
  auto hash = hash_password(longest, kFast);
  EXPECT_TRUE(verify_password(longest, hash, kFast).ok);
  EXPECT_THROW(hash_password(longest + "p", kFast), std::invalid_argument);
  EXPECT_FALSE(verify_password(longest + "p", hash, kFast).ok);
}

TEST(Passwords, RejectsUnusableParams) {
  EXPECT_THROW(hash_password("pw", {256, 0, 1}), std::invalid_argument);
  EXPECT_THROW(hash_password("pw", {256, 1, 0}), std::invalid_argument);
  EXPECT_THROW(hash_password("pw", {4, 1, 1}), std::invalid_argument);
}

TEST(Passwords, NeedsRehashWhenWeakerThanCurrent) {
  auto hash = hash_password("pw", kFast);
  EXPECT_FALSE(verify_password("pw", hash, kFast).needs_rehash);
  EXPECT_TRUE(verify_password("pw", hash, {512, 1, 1}).needs_rehash);
  EXPECT_TRUE(verify_password("pw", hash, {256, 2, 1}).needs_rehash);
  EXPECT_TRUE(verify_password("pw", hash, {256, 1, 2}).needs_rehash);
  // Stronger than current is fine as it is.
  auto strong = hash_password("pw", {512, 2, 1});
  auto check = verify_password("pw", strong, kFast);
  EXPECT_TRUE(check.ok);
  EXPECT_FALSE(check.needs_rehash);
}

// Other argon2 variants written by the reference implementation (argon2 CLI / PHC test
// set: password "password", salt "somesalt").
TEST(Passwords, AcceptsArgon2iAndArgon2dButAsksForRehash) {
  const std::string argon2i =
      "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA";
  auto check = verify_password("password", argon2i, kFast);
  EXPECT_TRUE(check.ok);
  EXPECT_TRUE(check.needs_rehash);
  EXPECT_FALSE(verify_password("Password", argon2i, kFast).ok);

  const std::string argon2id =
      "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
  check = verify_password("password", argon2id, kFast);
  EXPECT_TRUE(check.ok);
  EXPECT_FALSE(check.needs_rehash);
}

// Openwall crypt_blowfish / OpenBSD test vectors.
struct BcryptVector {
  const char* hash;
  const char* password;
};
const BcryptVector kBcrypt[] = {
    {"$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", "U*U"},
    {"$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK", "U*U*"},
    {"$2a$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a", "U*U*U"},
    {"$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui",
     "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
     "chars after 72 are ignored"},
    {"$2b$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e", "\xff\xff\xa3"},
    {"$2y$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq", "\xa3"},
    {"$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy", ""},
};

TEST(Passwords, VerifiesKnownBcryptVectorsAndAlwaysAsksForRehash) {
  for (const auto& v : kBcrypt) {
    auto check = verify_password(v.password, v.hash);
    EXPECT_TRUE(check.ok) << v.hash;
    EXPECT_TRUE(check.needs_rehash) << v.hash;
    // Changed at the front: bcrypt ignores everything after 72 bytes.
    auto wrong = verify_password("x" + std::string(v.password), v.hash);
    EXPECT_FALSE(wrong.ok) << v.hash;
    EXPECT_FALSE(wrong.needs_rehash) << v.hash;
  }
}

TEST(Passwords, VerifiesABcryptHashMadeWithCost10) {
  auto data = std::make_unique<crypt_data>();
  const char* made =
      crypt_rn("legacy pass", "$2b$10$abcdefghijklmnopqrstuu", data.get(), sizeof(crypt_data));
  ASSERT_NE(made, nullptr);
  const std::string hash = made;
  ASSERT_EQ(hash.size(), 60u);
  EXPECT_TRUE(verify_password("legacy pass", hash).ok);
  EXPECT_FALSE(verify_password("legacy pas", hash).ok);
  // A password with a NUL would be cut short by crypt(): refuse instead of matching.
  EXPECT_FALSE(verify_password(std::string("legacy pass\0tail", 16), hash).ok);
}

TEST(Passwords, MalformedStoredHashesFailWithoutThrowing) {
  const std::string good_bcrypt = kBcrypt[0].hash;
  const std::string good_argon = hash_password("pw", kFast);
  const std::string cases[] = {
      "",
      "$",
      "plain text password",
      "$argon2id$garbage",
      "$argon2id$v=19$m=256,t=1,p=1$",
      "$argon2id$v=19$m=256,t=1,p=1$c29tZXNhbHQ$",
      "$argon2id$v=99$m=256,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2id$v=19$m=4294967295,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2id$v=19$m=256,t=0,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2id$v=19$m=1,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2x$v=19$m=256,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      good_argon.substr(0, good_argon.size() - 5),
      good_argon + "$extra",
      good_bcrypt.substr(0, 40),
      good_bcrypt.substr(0, 59),
      good_bcrypt + "A",
      "$2a$99$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
      "$2a$31$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
      "$2x$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
      "$2a$05$CCCCCCCCCCCCCCCCCCCCC!E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
      "$1$saltsalt$2vnaRpHa6Jxjz5n83ok8Z0",
      std::string("$argon2id$v=19$m=256\0,t=1", 25),
  };
  for (const auto& stored : cases) {
    PasswordCheck check{true, true};
    EXPECT_NO_THROW(check = verify_password("U*U", stored, kFast)) << stored;
    EXPECT_FALSE(check.ok) << stored;
    EXPECT_FALSE(check.needs_rehash) << stored;
  }
}

}  // namespace
}  // namespace jm::security
