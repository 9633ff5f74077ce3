#pragma once
// API keys: "jm_<key id>_<secret>". The key id (12 hex) is public and finds the row;
// the store keeps only SHA-256 of the whole key, compared in constant time. The full
// key is shown once, when created.
#include <optional>
#include <string>
#include <string_view>

namespace jm::security {

struct NewApiKey {
  std::string key_id;       // "jm_" + 12 hex
  std::string full_key;     // key_id + "_" + 43 base64url chars (256 bits)
  std::string secret_hash;  // sha256 hex of full_key
};

NewApiKey generate_api_key();
// The key id of a presented key, or nullopt when it does not have the key's shape.
std::optional<std::string> api_key_id(std::string_view presented);
// Whether a presented key hashes to the stored hash (constant time).
bool api_key_matches(std::string_view presented, std::string_view stored_hash);

}  // namespace jm::security
