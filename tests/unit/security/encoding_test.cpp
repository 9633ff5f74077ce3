#include "security/encoding.hpp"

#include <gtest/gtest.h>

#include <string>

namespace jm::security {
namespace {

struct Vector {
  std::string plain, padded, unpadded;
};

// RFC 4648 §10 test vectors.
const Vector kRfc4648[] = {
    {"", "", ""},
    {"f", "Zg==", "Zg"},
    {"fo", "Zm8=", "Zm8"},
    {"foo", "Zm9v", "Zm9v"},
    {"foob", "Zm9vYg==", "Zm9vYg"},
    {"fooba", "Zm9vYmE=", "Zm9vYmE"},
    {"foobar", "Zm9vYmFy", "Zm9vYmFy"},
};

TEST(Encoding, Rfc4648Vectors) {
  for (const auto& v : kRfc4648) {
    EXPECT_EQ(base64_encode(v.plain), v.padded);
    EXPECT_EQ(base64_decode(v.padded), v.plain);
    EXPECT_EQ(base64url_encode(v.plain), v.unpadded);
    EXPECT_EQ(base64url_decode(v.unpadded), v.plain);
    EXPECT_EQ(base64url_padded_encode(v.plain), v.padded);
    EXPECT_EQ(base64url_padded_decode(v.padded), v.plain);
  }
}

TEST(Encoding, AlphabetsDiffer) {
  const std::string bytes = "\xfb\xff\xbf";
  EXPECT_EQ(base64_encode(bytes), "+/+/");
  EXPECT_EQ(base64url_encode(bytes), "-_-_");
  EXPECT_FALSE(base64_decode("-_-_"));
  EXPECT_FALSE(base64url_decode("+/+/"));
  EXPECT_EQ(base64url_decode("-_-_"), bytes);
}

TEST(Encoding, RoundTripsEveryByteAndLength) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (std::size_t n = 0; n <= all.size(); n += 7) {
    auto part = all.substr(0, n);
    EXPECT_EQ(base64_decode(base64_encode(part)), part);
    EXPECT_EQ(base64url_decode(base64url_encode(part)), part);
    EXPECT_EQ(base64url_padded_decode(base64url_padded_encode(part)), part);
    EXPECT_EQ(hex_decode(hex_encode(part)), part);
  }
}

TEST(Encoding, Base64RejectsMalformedInput) {
  for (const char* bad : {"Zg", "Zg=", "Zg===", "Z===", "====", "Zm9v=", "Zm 9v", "Zm9v\n",
                          "Z=g=", "Zh==", "Zm9=", "Zm9v*A==", "Zm8=Zm8="}) {
    EXPECT_FALSE(base64_decode(bad)) << bad;
  }
}

TEST(Encoding, Base64UrlRejectsPaddingAndNonCanonicalBits) {
  for (const char* bad : {"Zg==", "Zg=", "Z", "Zm9vY", "Zh", "Zm9", "Zm9v.", "Zm 8"}) {
    EXPECT_FALSE(base64url_decode(bad)) << bad;
  }
  EXPECT_FALSE(base64url_padded_decode("Zg"));
  EXPECT_FALSE(base64url_padded_decode("Zh=="));
}

TEST(Encoding, Hex) {
  EXPECT_EQ(hex_encode(std::string("\x00\x01\xab\xff", 4)), "0001abff");
  EXPECT_EQ(hex_decode("0001ABff"), std::string("\x00\x01\xab\xff", 4));
  EXPECT_EQ(hex_decode(""), "");
  EXPECT_FALSE(hex_decode("abc"));
  EXPECT_FALSE(hex_decode("zz"));
  EXPECT_FALSE(hex_decode("0x12"));
}

}  // namespace
}  // namespace jm::security
