#include "security/fernet.hpp"

#include <openssl/evp.h>

#include <climits>
#include <memory>
#include <optional>
#include <stdexcept>

#include "security/encoding.hpp"
#include "security/hmac.hpp"
#include "security/random.hpp"

namespace jm::security {

namespace {

constexpr std::size_t kKeyBytes = 32;
constexpr std::size_t kHalfKey = 16;
constexpr std::size_t kIvBytes = 16;
constexpr std::size_t kBlock = 16;
constexpr std::size_t kMacBytes = 32;
constexpr std::size_t kHeaderBytes = 1 + 8 + kIvBytes;  // version ‖ timestamp ‖ iv
constexpr unsigned char kVersion = 0x80;

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

void check_key(std::string_view key32) {
  if (key32.size() != kKeyBytes) throw std::invalid_argument("Fernet key must be 32 bytes");
}

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// AES-128-CBC with PKCS7 padding; encrypt: 1, decrypt: 0. nullopt on a padding error.
std::optional<std::string> aes128_cbc(std::string_view key16, std::string_view iv,
                                      std::string_view input, int encrypt) {
  if (input.size() > static_cast<std::size_t>(INT_MAX - kBlock)) return std::nullopt;
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  std::string out(input.size() + kBlock, '\0');
  auto* dst = reinterpret_cast<unsigned char*>(out.data());
  int len = 0, final_len = 0;
  if (!ctx ||
      EVP_CipherInit_ex(ctx.get(), EVP_aes_128_cbc(), nullptr, bytes(key16), bytes(iv), encrypt) !=
          1 ||
      EVP_CipherUpdate(ctx.get(), dst, &len, bytes(input), static_cast<int>(input.size())) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), dst + len, &final_len) != 1) {
    return std::nullopt;
  }
  out.resize(static_cast<std::size_t>(len + final_len));
  return out;
}

FernetResult decrypt(std::string_view key32, std::string_view token) {
  auto raw = base64url_padded_decode(token);
  if (!raw || raw->size() < kHeaderBytes + kBlock + kMacBytes ||
      (raw->size() - kHeaderBytes - kMacBytes) % kBlock != 0 ||
      static_cast<unsigned char>((*raw)[0]) != kVersion) {
    return {{}, FernetError::malformed};
  }
  const std::string_view all(*raw);
  const auto signed_part = all.substr(0, all.size() - kMacBytes);
  // Authenticate before touching the ciphertext (no padding oracle).
  if (!constant_time_equal(all.substr(signed_part.size()),
                           hmac_sha256(key32.substr(0, kHalfKey), signed_part))) {
    return {{}, FernetError::bad_signature};
  }
  auto plain = aes128_cbc(key32.substr(kHalfKey), all.substr(9, kIvBytes),
                          signed_part.substr(kHeaderBytes), 0);
  // A correctly signed token with bad padding was made by a broken writer, not an attacker.
  if (!plain) return {{}, FernetError::malformed};
  return {std::move(*plain), FernetError::none};
}

}  // namespace

std::string derive_fernet_key(std::string_view passphrase, std::string_view salt, int iterations) {
  if (iterations < 1) throw std::invalid_argument("PBKDF2 iterations must be >= 1");
  if (passphrase.size() > INT_MAX || salt.size() > INT_MAX) {
    throw std::invalid_argument("PBKDF2 input too long");
  }
  std::string key(kKeyBytes, '\0');
  if (PKCS5_PBKDF2_HMAC(passphrase.data(), static_cast<int>(passphrase.size()), bytes(salt),
                        static_cast<int>(salt.size()), iterations, EVP_sha256(),
                        static_cast<int>(key.size()),
                        reinterpret_cast<unsigned char*>(key.data())) != 1) {
    throw std::runtime_error("PBKDF2-HMAC-SHA256 failed");
  }
  return key;
}

std::string fernet_encrypt(std::string_view key32, std::string_view plaintext,
                           std::int64_t now_seconds, std::string_view iv16) {
  check_key(key32);
  if (iv16.size() != kIvBytes) throw std::invalid_argument("Fernet iv must be 16 bytes");
  if (plaintext.empty()) return {};
  std::string token(1, static_cast<char>(kVersion));
  const auto ts = static_cast<std::uint64_t>(now_seconds);
  for (int shift = 56; shift >= 0; shift -= 8) {
    token.push_back(static_cast<char>((ts >> shift) & 0xff));  // big-endian
  }
  token.append(iv16);
  auto ciphertext = aes128_cbc(key32.substr(kHalfKey), iv16, plaintext, 1);
  if (!ciphertext) throw std::runtime_error("AES-128-CBC encryption failed");
  token.append(*ciphertext);
  token.append(hmac_sha256(key32.substr(0, kHalfKey), token));
  return base64url_padded_encode(token);
}

std::string fernet_encrypt(std::string_view key32, std::string_view plaintext,
                           std::int64_t now_seconds) {
  return fernet_encrypt(key32, plaintext, now_seconds, random_bytes(kIvBytes));
}

FernetResult fernet_decrypt(std::string_view key32, std::string_view token) {
  check_key(key32);
  if (token.empty()) return {};
  try {
    return decrypt(key32, token);
  } catch (...) {  // allocation or OpenSSL failure
    return {{}, FernetError::malformed};
  }
}

}  // namespace jm::security
