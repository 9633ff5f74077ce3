#include "security/hmac.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <stdexcept>

#include "security/encoding.hpp"

namespace jm::security {

namespace {

constexpr std::size_t kSha256Bytes = 32;

}  // namespace

std::string hmac_sha256(std::string_view key, std::string_view data) {
  std::string out(kSha256Bytes, '\0');
  std::size_t out_len = 0;
  // EVP_Q_mac wants a non-null key pointer even for an empty key.
  static const unsigned char kEmpty = 0;
  const auto* key_ptr = key.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(key.data());
  const auto* mac = EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key_ptr, key.size(),
                              reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                              reinterpret_cast<unsigned char*>(out.data()), out.size(), &out_len);
  if (mac == nullptr || out_len != kSha256Bytes) throw std::runtime_error("HMAC-SHA256 failed");
  return out;
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  return hex_encode(hmac_sha256(key, data));
}

std::string sha256_hex(std::string_view data) {
  std::string out(kSha256Bytes, '\0');
  unsigned int out_len = 0;
  if (EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(out.data()), &out_len,
                 EVP_sha256(), nullptr) != 1 ||
      out_len != kSha256Bytes) {
    throw std::runtime_error("SHA-256 failed");
  }
  return hex_encode(out);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace jm::security
