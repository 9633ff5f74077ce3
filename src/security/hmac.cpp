#include "security/hmac.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <memory>
#include <stdexcept>

#include "security/encoding.hpp"

namespace jm::security {

namespace {

constexpr std::size_t kSha256Bytes = 32;

using MacCtx = std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)>;

// HMAC-SHA256 set up for one key. Fetching the algorithm and hashing the key into its pads
// cost more than MACing a short message, and the same few keys (e-mail blind index, token
// signing) serve every request; so each thread keeps a context per recent key and copies it.
MacCtx keyed_context(std::string_view key) {
  static EVP_MAC* const hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  MacCtx ctx(hmac != nullptr ? EVP_MAC_CTX_new(hmac) : nullptr, EVP_MAC_CTX_free);
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                               OSSL_PARAM_construct_end()};
  static const unsigned char kEmpty = 0;  // an empty key still needs a non-null pointer
  const auto* key_ptr = key.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(key.data());
  if (!ctx || EVP_MAC_init(ctx.get(), key_ptr, key.size(), params) != 1) {
    throw std::runtime_error("HMAC-SHA256 set-up failed");
  }
  return ctx;
}

struct KeyedContext {
  std::string key;
  MacCtx ctx{nullptr, EVP_MAC_CTX_free};
};

const EVP_MAC_CTX& context_for(std::string_view key) {
  thread_local std::array<KeyedContext, 4> recent;  // most recently used first
  std::size_t i = 0;
  while (i < recent.size() && !(recent[i].ctx && recent[i].key == key)) ++i;
  if (i == recent.size()) {
    i = recent.size() - 1;  // the least recently used makes room
    recent[i].ctx = keyed_context(key);
    recent[i].key.assign(key);
  }
  std::rotate(recent.begin(), recent.begin() + static_cast<std::ptrdiff_t>(i),
              recent.begin() + static_cast<std::ptrdiff_t>(i) + 1);
  return *recent.front().ctx;
}

}  // namespace

std::string hmac_sha256(std::string_view key, std::string_view data) {
  MacCtx ctx(EVP_MAC_CTX_dup(&context_for(key)), EVP_MAC_CTX_free);
  std::string out(kSha256Bytes, '\0');
  std::size_t out_len = 0;
  if (!ctx ||
      EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(data.data()), data.size()) !=
          1 ||
      EVP_MAC_final(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &out_len,
                    out.size()) != 1 ||
      out_len != kSha256Bytes) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
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
