#pragma once
// Authenticated encryption for data at rest: AES-256-GCM, and a text envelope that
// names the key it was sealed with so keys can rotate (old rows still open).
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace jm::security {

// Raw AES-256-GCM with a 16-byte tag. key32 must be 32 bytes and iv non-empty (throws
// std::invalid_argument otherwise). Encrypt returns ciphertext||tag; decrypt returns
// nullopt when the tag does not match (wrong key, iv, aad or altered bytes).
std::string aes256gcm_encrypt(std::string_view key32, std::string_view iv,
                              std::string_view plaintext, std::string_view aad);
std::optional<std::string> aes256gcm_decrypt(std::string_view key32, std::string_view iv,
                                             std::string_view ciphertext_and_tag,
                                             std::string_view aad);

struct KeyRing {
  std::string current_id;                   // seals new envelopes
  std::map<std::string, std::string> keys;  // key id → 32 raw bytes; any of them opens
};

// Key ids appear inside envelopes: 1–32 characters of [A-Za-z0-9_-].
bool is_valid_key_id(std::string_view id);

// "v1.<kid>.<base64url(nonce12 || ciphertext || tag16)>" with a fresh random nonce per
// call. The version and kid are authenticated together with `aad`. Throws
// std::invalid_argument when the current key is missing, not 32 bytes or its id invalid.
std::string seal(const KeyRing& ring, std::string_view plaintext, std::string_view aad);

enum class OpenError {
  none,
  malformed,    // not a v1 envelope (wrong version, bad kid, bad base64url, too short)
  unknown_key,  // well-formed, but the ring has no key with that id
  tampered,     // authentication failed: altered bytes, other aad, or another key
};

struct OpenResult {
  std::string plaintext;  // set only when error == none
  OpenError error = OpenError::none;
};

// Never throws.
OpenResult open(const KeyRing& ring, std::string_view envelope, std::string_view aad);

// True when text has the shape of an envelope seal() writes (says nothing of its keys).
bool is_envelope(std::string_view text);
// The key id of an envelope, nullopt when text is not one.
std::optional<std::string> envelope_key_id(std::string_view text);

const char* to_string(OpenError error);

}  // namespace jm::security
