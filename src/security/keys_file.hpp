#pragma once
// The JSON keys file: {"jwt":{"<kid>":"<secret>"},"jwtCurrent":"<kid>",
// "field":{"<kid>":"<base64 32 bytes>"},"fieldCurrent":"<kid>","index":"<base64>",
// "pseudonym":"<base64>"}. Every part is optional in the file; load_secrets decides what
// must be present. The file must not be accessible by group or others.
#include <optional>
#include <string>

#include "security/aead.hpp"
#include "security/jwt.hpp"

namespace jm::security {

// Keys from one source (environment, a keys file); any part may be missing.
struct KeyMaterial {
  std::optional<JwtKeys> jwt;
  std::optional<KeyRing> field_keys;
  std::optional<std::string> index_key;      // 32 raw bytes
  std::optional<std::string> pseudonym_key;  // 32 raw bytes
};

// Reads and checks a keys file; throws std::runtime_error naming the file and the
// entry at fault (a missing file, wrong permissions, bad JSON, a weak key…).
KeyMaterial read_keys_file(const std::string& path);

// Writes a complete set of fresh random keys to `path` (created with mode 0600, parent
// directories as needed) and returns them. Returns nullopt when the file already exists
// (another process may have just written it: read it instead).
std::optional<KeyMaterial> create_keys_file(const std::string& path);

}  // namespace jm::security
