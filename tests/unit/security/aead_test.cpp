#include "security/aead.hpp"

#include <gtest/gtest.h>

#include <set>

#include "security/encoding.hpp"

namespace jm::security {
namespace {

std::string hex(std::string_view h) {
  return hex_decode(h).value();
}

// McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", appendix B, AES-256
// test cases 13–16.
struct GcmVector {
  int number;
  std::string key, iv, plaintext, aad, ciphertext, tag;
};

const std::string kKey15 = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
const std::string kPlain15 =
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
const std::string kCipher15 =
    "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
    "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad";

const GcmVector kVectors[] = {
    {13, std::string(64, '0'), std::string(24, '0'), "", "", "",
     "530f8afbc74536b9a963b4f1c4cb738b"},
    {14, std::string(64, '0'), std::string(24, '0'), std::string(32, '0'), "",
     "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"},
    {15, kKey15, "cafebabefacedbaddecaf888", kPlain15, "", kCipher15,
     "b094dac5d93471bdec1a502270e3cc6c"},
    {16, kKey15, "cafebabefacedbaddecaf888", kPlain15.substr(0, 120),
     "feedfacedeadbeeffeedfacedeadbeefabaddad2", kCipher15.substr(0, 120),
     "76fc6ece0f4e1768cddf8853bb2d551b"},
};

TEST(Aes256Gcm, SpecVectors) {
  for (const auto& v : kVectors) {
    auto out = aes256gcm_encrypt(hex(v.key), hex(v.iv), hex(v.plaintext), hex(v.aad));
    EXPECT_EQ(hex_encode(out), v.ciphertext + v.tag) << "test case " << v.number;
    auto back = aes256gcm_decrypt(hex(v.key), hex(v.iv), hex(v.ciphertext + v.tag), hex(v.aad));
    ASSERT_TRUE(back) << "test case " << v.number;
    EXPECT_EQ(hex_encode(*back), v.plaintext) << "test case " << v.number;
  }
}

TEST(Aes256Gcm, DecryptRejectsAnyChange) {
  const auto& v = kVectors[3];
  const auto key = hex(v.key), iv = hex(v.iv), aad = hex(v.aad), sealed = hex(v.ciphertext + v.tag);
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    auto flipped = sealed;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x01);
    EXPECT_FALSE(aes256gcm_decrypt(key, iv, flipped, aad)) << "byte " << i;
  }
  EXPECT_FALSE(aes256gcm_decrypt(key, iv, sealed, aad + "x"));
  EXPECT_FALSE(aes256gcm_decrypt(key, hex("cafebabefacedbaddecaf889"), sealed, aad));
  auto other_key = key;
  other_key[0] = 'x';
  EXPECT_FALSE(aes256gcm_decrypt(other_key, iv, sealed, aad));
  EXPECT_FALSE(aes256gcm_decrypt(key, iv, sealed.substr(0, 15), aad));
  EXPECT_FALSE(aes256gcm_decrypt(key, iv, sealed.substr(1), aad));
}

TEST(Aes256Gcm, RejectsBadKeyOrIvSizes) {
  EXPECT_THROW(aes256gcm_encrypt(std::string(16, 'k'), std::string(12, 'i'), "p", ""),
               std::invalid_argument);
  EXPECT_THROW(aes256gcm_encrypt(std::string(32, 'k'), "", "p", ""), std::invalid_argument);
}

const KeyRing kRing{"k2", {{"k1", std::string(32, '\x01')}, {"k2", hex(kKey15)}}};

TEST(Envelope, RoundTripWithFreshNonces) {
  auto a = seal(kRing, "person@example.com", "journeyman:pii");
  auto b = seal(kRing, "person@example.com", "journeyman:pii");
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("v1.k2.", 0), 0u) << a;
  // 12 nonce + 18 plaintext + 16 tag = 46 bytes → 62 base64url characters.
  EXPECT_EQ(a.size(), 6u + 62u);
  for (const auto& env : {a, b}) {
    auto opened = open(kRing, env, "journeyman:pii");
    EXPECT_EQ(opened.error, OpenError::none);
    EXPECT_EQ(opened.plaintext, "person@example.com");
    EXPECT_TRUE(is_envelope(env));
    EXPECT_EQ(envelope_key_id(env), "k2");
  }
  std::set<std::string> nonces;
  for (int i = 0; i < 200; ++i) {
    nonces.insert(base64url_decode(seal(kRing, "", "").substr(6))->substr(0, 12));
  }
  EXPECT_EQ(nonces.size(), 200u);
  EXPECT_EQ(open(kRing, seal(kRing, "", ""), "").plaintext, "");
}

TEST(Envelope, OlderKeysStillOpenAfterRotation) {
  KeyRing before{"k1", {{"k1", std::string(32, '\x01')}}};
  auto old_envelope = seal(before, "secret", "aad");
  EXPECT_EQ(envelope_key_id(old_envelope), "k1");
  auto opened = open(kRing, old_envelope, "aad");
  EXPECT_EQ(opened.error, OpenError::none);
  EXPECT_EQ(opened.plaintext, "secret");
  KeyRing retired{"k2", {{"k2", hex(kKey15)}}};
  EXPECT_EQ(open(retired, old_envelope, "aad").error, OpenError::unknown_key);
}

std::string with_body(const std::string& envelope, std::size_t byte_index) {
  const auto prefix = envelope.substr(0, envelope.rfind('.') + 1);
  auto raw = *base64url_decode(envelope.substr(prefix.size()));
  raw[byte_index] = static_cast<char>(raw[byte_index] ^ 0x80);
  return prefix + base64url_encode(raw);
}

TEST(Envelope, EveryTamperingIsCaught) {
  const auto env = seal(kRing, "hello world", "aad");
  const auto raw_size = base64url_decode(env.substr(6))->size();
  EXPECT_EQ(open(kRing, with_body(env, 0), "aad").error, OpenError::tampered);   // nonce
  EXPECT_EQ(open(kRing, with_body(env, 12), "aad").error, OpenError::tampered);  // ciphertext
  EXPECT_EQ(open(kRing, with_body(env, raw_size - 1), "aad").error,
            OpenError::tampered);                                       // tag
  EXPECT_EQ(open(kRing, env, "other aad").error, OpenError::tampered);  // purpose
  // Another existing key id: the header is authenticated, so this is not a valid envelope.
  EXPECT_EQ(open(kRing, "v1.k1." + env.substr(6), "aad").error, OpenError::tampered);
  EXPECT_EQ(open(kRing, "v1.k9." + env.substr(6), "aad").error, OpenError::unknown_key);
  EXPECT_EQ(open(kRing, "v2." + env.substr(3), "aad").error, OpenError::malformed);
  EXPECT_EQ(open(kRing, "V1." + env.substr(3), "aad").error, OpenError::malformed);
}

TEST(Envelope, MalformedInputsNeverThrow) {
  const auto env = seal(kRing, "hello", "");
  const std::string cases[] = {
      "",
      "v1",
      "v1.",
      "v1..",
      "v1.k2",
      "v1.k2.",
      "v1.k2.AAAA",
      "v1.k.2." + env.substr(6),
      "v1.k2." + env.substr(6) + "=",
      "v1.k2." + env.substr(6) + ".x",
      "v1.k2.!" + env.substr(7),
      "v1." + std::string(33, 'k') + "." + env.substr(6),
      "person@example.com",
      env.substr(0, 6 + 36),  // nonce + part of a tag
  };
  for (const auto& text : cases) {
    OpenResult result;
    EXPECT_NO_THROW(result = open(kRing, text, "")) << text;
    EXPECT_EQ(result.error, OpenError::malformed) << text;
    EXPECT_FALSE(is_envelope(text)) << text;
    EXPECT_FALSE(envelope_key_id(text)) << text;
  }
}

TEST(Envelope, SealRequiresAUsableCurrentKey) {
  EXPECT_THROW(seal({"nope", {{"k1", std::string(32, 'k')}}}, "x", ""), std::invalid_argument);
  EXPECT_THROW(seal({"k1", {{"k1", std::string(31, 'k')}}}, "x", ""), std::invalid_argument);
  EXPECT_THROW(seal({"bad.id", {{"bad.id", std::string(32, 'k')}}}, "x", ""),
               std::invalid_argument);
  KeyRing short_key{"k1", {{"k1", std::string(16, 'k')}, {"k2", std::string(32, 'k')}}};
  auto env = seal({"k1", {{"k1", std::string(32, 'k')}}}, "x", "");
  EXPECT_EQ(open(short_key, env, "").error, OpenError::unknown_key);
}

}  // namespace
}  // namespace jm::security
