#include "security/pii_codec.hpp"

#include <gtest/gtest.h>

#include "security/encoding.hpp"
#include "security/hmac.hpp"
#include "security/random.hpp"

namespace jm::security {
namespace {

struct Keys {
  std::string old_key = random_bytes(32), new_key = random_bytes(32), index = random_bytes(32);
  KeyRing before() const { return {"k1", {{"k1", old_key}}}; }
  KeyRing after() const { return {"k2", {{"k1", old_key}, {"k2", new_key}}}; }
};

TEST(AeadPiiCodec, SealsAndOpens) {
  Keys k;
  AeadPiiCodec codec(k.after(), k.index);
  auto a = codec.seal("person@example.com");
  auto b = codec.seal("person@example.com");
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find("person"), std::string::npos);
  EXPECT_EQ(codec.open(a), "person@example.com");
  EXPECT_EQ(codec.open(b), "person@example.com");
  EXPECT_EQ(codec.open(codec.seal("")), "");
}

TEST(AeadPiiCodec, PlainRowsPassThrough) {
  Keys k;
  AeadPiiCodec codec(k.after(), k.index);
  for (const char* plain : {"person@example.com", "", "v1.k2.not-an-envelope@x.org", "v1."}) {
    EXPECT_EQ(codec.open(plain), plain);
    EXPECT_FALSE(codec.is_current(plain));
  }
}

TEST(AeadPiiCodec, RotationOpensOldRowsAndFlagsThemForResealing) {
  Keys k;
  AeadPiiCodec old_codec(k.before(), k.index);
  AeadPiiCodec new_codec(k.after(), k.index);
  auto old_row = old_codec.seal("a@b.c");
  EXPECT_TRUE(old_codec.is_current(old_row));
  EXPECT_FALSE(new_codec.is_current(old_row));
  EXPECT_EQ(new_codec.open(old_row), "a@b.c");
  auto resealed = new_codec.seal(new_codec.open(old_row));
  EXPECT_TRUE(new_codec.is_current(resealed));
}

TEST(AeadPiiCodec, CorruptEnvelopesThrow) {
  Keys k;
  AeadPiiCodec codec(k.after(), k.index);
  auto row = codec.seal("a@b.c");
  auto raw = *base64url_decode(row.substr(6));
  raw[20] = static_cast<char>(raw[20] ^ 1);
  EXPECT_THROW(codec.open(row.substr(0, 6) + base64url_encode(raw)), std::runtime_error);
  // Sealed by a key this ring no longer has.
  AeadPiiCodec stranger({"k9", {{"k9", random_bytes(32)}}}, k.index);
  EXPECT_THROW(codec.open(stranger.seal("a@b.c")), std::runtime_error);
  // Sealed under the same key for another purpose (different AAD).
  EXPECT_THROW(codec.open(seal(k.after(), "a@b.c", "other-purpose")), std::runtime_error);
}

TEST(AeadPiiCodec, BlindIndexIsKeyedAndDeterministic) {
  Keys k;
  AeadPiiCodec codec(k.after(), k.index);
  auto index = codec.blind_index("a@b.c");
  EXPECT_EQ(index.size(), 64u);
  EXPECT_EQ(index, codec.blind_index("a@b.c"));
  EXPECT_EQ(index, hmac_sha256_hex(k.index, "a@b.c"));
  EXPECT_NE(index, codec.blind_index("a@b.d"));
  EXPECT_NE(index, sha256_hex("a@b.c"));
  AeadPiiCodec other(k.after(), random_bytes(32));
  EXPECT_NE(index, other.blind_index("a@b.c"));
}

TEST(AeadPiiCodec, RejectsUnusableKeys) {
  Keys k;
  EXPECT_THROW(AeadPiiCodec({"k3", {{"k1", k.old_key}}}, k.index), std::invalid_argument);
  EXPECT_THROW(AeadPiiCodec({"k1", {{"k1", "short"}}}, k.index), std::invalid_argument);
  EXPECT_THROW(AeadPiiCodec(k.after(), "short"), std::invalid_argument);
  Secrets secrets;
  secrets.field_keys = k.after();
  secrets.index_key = k.index;
  EXPECT_NO_THROW(AeadPiiCodec{secrets});
}

TEST(Pseudonym, First16HexOfTheKeyedHash) {
  Secrets secrets;
  secrets.pseudonym_key = random_bytes(32);
  auto p = pseudonym(secrets, "a@b.c");
  EXPECT_EQ(p.size(), 16u);
  EXPECT_EQ(p, hmac_sha256_hex(secrets.pseudonym_key, "a@b.c").substr(0, 16));
  EXPECT_EQ(p, pseudonym(secrets, "a@b.c"));
  EXPECT_NE(p, pseudonym(secrets, "x@b.c"));
  EXPECT_NE(p, sha256_hex("a@b.c").substr(0, 16)) << "not the original's unkeyed hash";
}

}  // namespace
}  // namespace jm::security
