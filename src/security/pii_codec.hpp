#pragma once
// Personal data at rest: the store's PiiCodec backed by AES-256-GCM envelopes (aead.hpp)
// and an HMAC-SHA256 blind index, plus the analytics pseudonym.
#include <string>
#include <string_view>

#include "security/aead.hpp"
#include "security/secrets.hpp"
#include "store/account_types.hpp"

namespace jm::security {

class AeadPiiCodec final : public store::PiiCodec {
 public:
  // Throws std::invalid_argument when the current field key is unusable or the index key
  // is not 32 bytes (caught at start, not on the first write).
  AeadPiiCodec(KeyRing field_keys, std::string index_key);
  explicit AeadPiiCodec(const Secrets& secrets);

  std::string seal(std::string_view plain) const override;
  // Throws std::runtime_error for an envelope that does not open (unknown key id or
  // altered bytes): stored data is corrupt, which is a server error, not user input.
  std::string open(std::string_view stored) const override;
  bool is_current(std::string_view stored) const override;
  // 64 hex characters of HMAC-SHA256(index_key, email).
  std::string blind_index(std::string_view email) const override;

 private:
  KeyRing field_keys_;
  std::string index_key_;
};

// The analytics pseudonym of an e-mail: the first 16 hex characters of
// HMAC-SHA256(pseudonym_key, email). Stable per person, meaningless without the key.
std::string pseudonym(const Secrets& secrets, std::string_view email);

}  // namespace jm::security
