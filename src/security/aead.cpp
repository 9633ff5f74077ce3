#include "security/aead.hpp"

#include <openssl/evp.h>

#include <climits>
#include <memory>
#include <stdexcept>

#include "security/encoding.hpp"
#include "security/random.hpp"

namespace jm::security {

namespace {

constexpr std::size_t kKeyBytes = 32;
constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;
constexpr std::string_view kVersion = "v1";

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

int int_size(std::string_view s) {
  if (s.size() > static_cast<std::size_t>(INT_MAX))
    throw std::invalid_argument("AES-GCM: too long");
  return static_cast<int>(s.size());
}

// The cipher, fetched from the provider once: EVP_aes_256_gcm() in a CipherInit makes
// OpenSSL 3 look the implementation up again on every call.
const EVP_CIPHER* aes256gcm() {
  static const EVP_CIPHER* cipher = [] {
    const EVP_CIPHER* fetched = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
    return fetched != nullptr ? fetched : EVP_aes_256_gcm();
  }();
  return cipher;
}

// Sets key and iv on a fresh context and feeds the aad; encrypt: 1, decrypt: 0.
CipherCtx start(std::string_view key32, std::string_view iv, std::string_view aad, int encrypt) {
  if (key32.size() != kKeyBytes) throw std::invalid_argument("AES-256-GCM key must be 32 bytes");
  if (iv.empty()) throw std::invalid_argument("AES-GCM iv must not be empty");
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int len = 0;
  if (!ctx || EVP_CipherInit_ex(ctx.get(), aes256gcm(), nullptr, nullptr, nullptr, encrypt) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, int_size(iv), nullptr) != 1 ||
      EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, bytes(key32), bytes(iv), encrypt) != 1 ||
      (!aad.empty() &&
       EVP_CipherUpdate(ctx.get(), nullptr, &len, bytes(aad), int_size(aad)) != 1)) {
    throw std::runtime_error("AES-256-GCM setup failed");
  }
  return ctx;
}

struct ParsedEnvelope {
  std::string_view kid;
  std::string_view body;  // base64url text
};

std::optional<ParsedEnvelope> parse(std::string_view text) {
  if (text.size() < kVersion.size() + 1 || text.substr(0, kVersion.size()) != kVersion ||
      text[kVersion.size()] != '.') {
    return std::nullopt;
  }
  text.remove_prefix(kVersion.size() + 1);
  const auto dot = text.find('.');
  if (dot == std::string_view::npos || !is_valid_key_id(text.substr(0, dot))) return std::nullopt;
  return ParsedEnvelope{text.substr(0, dot), text.substr(dot + 1)};
}

// The envelope's header is authenticated too: moving a body under another version or
// key id, or reusing it for another purpose (aad), fails to open.
std::string bound_aad(std::string_view kid, std::string_view aad) {
  std::string out;
  out.reserve(kVersion.size() + kid.size() + aad.size() + 2);
  out.append(kVersion).append(".").append(kid).append(".").append(aad);
  return out;
}

OpenResult open_unchecked(const KeyRing& ring, std::string_view envelope, std::string_view aad) {
  auto parsed = parse(envelope);
  if (!parsed) return {{}, OpenError::malformed};
  auto raw = base64url_decode(parsed->body);
  if (!raw || raw->size() < kNonceBytes + kTagBytes) return {{}, OpenError::malformed};
  auto key = ring.keys.find(std::string(parsed->kid));
  if (key == ring.keys.end()) return {{}, OpenError::unknown_key};
  if (key->second.size() != kKeyBytes) return {{}, OpenError::unknown_key};
  const std::string_view all(*raw);
  auto plain = aes256gcm_decrypt(key->second, all.substr(0, kNonceBytes), all.substr(kNonceBytes),
                                 bound_aad(parsed->kid, aad));
  if (!plain) return {{}, OpenError::tampered};
  return {std::move(*plain), OpenError::none};
}

}  // namespace

std::string aes256gcm_encrypt(std::string_view key32, std::string_view iv,
                              std::string_view plaintext, std::string_view aad) {
  auto ctx = start(key32, iv, aad, 1);
  std::string out(plaintext.size() + kTagBytes, '\0');
  auto* dst = reinterpret_cast<unsigned char*>(out.data());
  int len = 0, final_len = 0;
  if ((!plaintext.empty() &&
       EVP_CipherUpdate(ctx.get(), dst, &len, bytes(plaintext), int_size(plaintext)) != 1) ||
      EVP_CipherFinal_ex(ctx.get(), dst + len, &final_len) != 1 ||
      static_cast<std::size_t>(len + final_len) != plaintext.size() ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, dst + plaintext.size()) !=
          1) {
    throw std::runtime_error("AES-256-GCM encryption failed");
  }
  return out;
}

std::optional<std::string> aes256gcm_decrypt(std::string_view key32, std::string_view iv,
                                             std::string_view ciphertext_and_tag,
                                             std::string_view aad) {
  if (ciphertext_and_tag.size() < kTagBytes) return std::nullopt;
  const auto ciphertext = ciphertext_and_tag.substr(0, ciphertext_and_tag.size() - kTagBytes);
  std::string tag(ciphertext_and_tag.substr(ciphertext.size()));
  auto ctx = start(key32, iv, aad, 0);
  std::string out(ciphertext.size(), '\0');
  auto* dst = reinterpret_cast<unsigned char*>(out.data());
  int len = 0, final_len = 0;
  if (!ciphertext.empty() &&
      EVP_CipherUpdate(ctx.get(), dst, &len, bytes(ciphertext), int_size(ciphertext)) != 1) {
    return std::nullopt;
  }
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), dst + len, &final_len) != 1) {
    return std::nullopt;  // the tag did not verify: nothing decrypted is returned
  }
  return out;
}

bool is_valid_key_id(std::string_view id) {
  if (id.empty() || id.size() > 32) return false;
  for (char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string seal(const KeyRing& ring, std::string_view plaintext, std::string_view aad) {
  if (!is_valid_key_id(ring.current_id)) throw std::invalid_argument("key ring: invalid key id");
  auto key = ring.keys.find(ring.current_id);
  if (key == ring.keys.end() || key->second.size() != kKeyBytes) {
    throw std::invalid_argument("key ring: current key missing or not 32 bytes");
  }
  // Random 96-bit nonces: safe for far more than 2^32 seals per key (NIST SP 800-38D §8.3).
  auto nonce = random_bytes(kNonceBytes);
  auto sealed = aes256gcm_encrypt(key->second, nonce, plaintext, bound_aad(ring.current_id, aad));
  return std::string(kVersion) + "." + ring.current_id + "." + base64url_encode(nonce + sealed);
}

OpenResult open(const KeyRing& ring, std::string_view envelope, std::string_view aad) {
  try {
    return open_unchecked(ring, envelope, aad);
  } catch (...) {  // allocation or OpenSSL failure: report, never throw
    return {{}, OpenError::tampered};
  }
}

bool is_envelope(std::string_view text) {
  auto parsed = parse(text);
  if (!parsed) return false;
  auto raw = base64url_decode(parsed->body);
  return raw && raw->size() >= kNonceBytes + kTagBytes;
}

std::optional<std::string> envelope_key_id(std::string_view text) {
  if (!is_envelope(text)) return std::nullopt;
  return std::string(parse(text)->kid);
}

const char* to_string(OpenError error) {
  switch (error) {
    case OpenError::none:
      return "none";
    case OpenError::malformed:
      return "malformed";
    case OpenError::unknown_key:
      return "unknown_key";
    case OpenError::tampered:
      return "tampered";
  }
  return "malformed";
}

}  // namespace jm::security
