#include "security/api_keys.hpp"

#include <cctype>

#include "security/encoding.hpp"
#include "security/hmac.hpp"
#include "security/random.hpp"

namespace jm::security {

namespace {
constexpr std::string_view kPrefix = "jm_";
constexpr std::size_t kIdHexChars = 12;
constexpr std::size_t kSecretBytes = 32;
constexpr std::size_t kSecretChars = 43;  // base64url of 32 bytes, unpadded
}  // namespace

NewApiKey generate_api_key() {
  NewApiKey key;
  key.key_id = std::string(kPrefix) + hex_encode(random_bytes(kIdHexChars / 2));
  key.full_key = key.key_id + "_" + random_token(kSecretBytes);
  key.secret_hash = sha256_hex(key.full_key);
  return key;
}

std::optional<std::string> api_key_id(std::string_view presented) {
  const std::size_t id_len = kPrefix.size() + kIdHexChars;
  if (presented.size() != id_len + 1 + kSecretChars) return std::nullopt;
  if (presented.substr(0, kPrefix.size()) != kPrefix || presented[id_len] != '_') {
    return std::nullopt;
  }
  for (std::size_t i = kPrefix.size(); i < id_len; ++i) {
    const char c = presented[i];  // lower-case hex only, as generated
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
  }
  for (auto c : presented.substr(id_len + 1)) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return std::nullopt;
  }
  return std::string(presented.substr(0, id_len));
}

bool api_key_matches(std::string_view presented, std::string_view stored_hash) {
  return constant_time_equal(sha256_hex(presented), stored_hash);
}

}  // namespace jm::security
