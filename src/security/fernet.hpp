#pragma once
// Reads and writes Fernet tokens (the format of Python's `cryptography` Fernet), so
// values the original service encrypted can still be opened after the move.
// Spec: https://github.com/fernet/spec — version 0x80 ‖ timestamp ‖ iv ‖ AES-128-CBC
// ciphertext ‖ HMAC-SHA256, all urlsafe base64 with padding.
#include <cstdint>
#include <string>
#include <string_view>

namespace jm::security {

// The original service's key: PBKDF2-HMAC-SHA256(passphrase, salt, iterations) → 32
// bytes (first 16 sign, last 16 encrypt). Throws std::invalid_argument for iterations < 1.
std::string derive_fernet_key(std::string_view passphrase, std::string_view salt,
                              int iterations = 100000);

// key32 = 32 raw bytes (throws std::invalid_argument otherwise); iv16 = 16 bytes. As in
// the original service, "" encrypts to "" (and decrypts back to "").
std::string fernet_encrypt(std::string_view key32, std::string_view plaintext,
                           std::int64_t now_seconds, std::string_view iv16);
std::string fernet_encrypt(std::string_view key32, std::string_view plaintext,
                           std::int64_t now_seconds);

enum class FernetError {
  none,
  malformed,      // not strict urlsafe base64, wrong version byte or impossible length
  bad_signature,  // HMAC mismatch: altered token or another key
};

struct FernetResult {
  std::string plaintext;  // set only when error == none
  FernetError error = FernetError::none;
};

// No time-to-live check (the original had none). Never throws for any token; throws
// std::invalid_argument only when key32 is not 32 bytes.
FernetResult fernet_decrypt(std::string_view key32, std::string_view token);

}  // namespace jm::security
