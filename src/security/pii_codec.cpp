#include "security/pii_codec.hpp"

#include <stdexcept>

#include "security/hmac.hpp"

namespace jm::security {

namespace {

// Binds sealed personal fields to this use: an envelope made for another purpose under
// the same key does not open here.
constexpr std::string_view kPiiAad = "journeyman:pii";
constexpr std::size_t kPseudonymHexChars = 16;

}  // namespace

AeadPiiCodec::AeadPiiCodec(KeyRing field_keys, std::string index_key)
    : field_keys_(std::move(field_keys)), index_key_(std::move(index_key)) {
  auto current = field_keys_.keys.find(field_keys_.current_id);
  if (!is_valid_key_id(field_keys_.current_id) || current == field_keys_.keys.end() ||
      current->second.size() != 32) {
    throw std::invalid_argument("PII codec: the current field key is missing or not 32 bytes");
  }
  if (index_key_.size() != 32) throw std::invalid_argument("PII codec: index key must be 32 bytes");
}

AeadPiiCodec::AeadPiiCodec(const Secrets& secrets)
    : AeadPiiCodec(secrets.field_keys, secrets.index_key) {}

std::string AeadPiiCodec::seal(std::string_view plain) const {
  return security::seal(field_keys_, plain, kPiiAad);
}

std::string AeadPiiCodec::open(std::string_view stored) const {
  if (!is_envelope(stored)) return std::string(stored);  // written before encryption
  auto result = security::open(field_keys_, stored, kPiiAad);
  if (result.error != OpenError::none) {
    throw std::runtime_error(std::string("stored personal field cannot be opened: ") +
                             to_string(result.error));
  }
  return std::move(result.plaintext);
}

bool AeadPiiCodec::is_current(std::string_view stored) const {
  return envelope_key_id(stored) == field_keys_.current_id;
}

std::string AeadPiiCodec::blind_index(std::string_view email) const {
  return hmac_sha256_hex(index_key_, email);
}

std::string pseudonym(const Secrets& secrets, std::string_view email) {
  return hmac_sha256_hex(secrets.pseudonym_key, email).substr(0, kPseudonymHexChars);
}

}  // namespace jm::security
