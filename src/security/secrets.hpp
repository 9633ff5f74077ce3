#pragma once
// Every key the service uses, loaded once at start. Sources, per key, first found wins:
//   1. environment: JOURNEYMAN_JWT_SECRET, JOURNEYMAN_FIELD_KEYS, JOURNEYMAN_INDEX_KEY,
//      JOURNEYMAN_PSEUDONYM_KEY (values never come from flags: flags show in `ps`);
//   2. the keys file named by Config.keys_file (JOURNEYMAN_KEYS_FILE, mode 0600);
//   3. development only: <dir of the SQLite file, or var/>/keys.json, generated with
//      fresh random keys on first start and reused afterwards (a warning is logged).
// In production a missing key stops the start with a message naming the variable.
#include <functional>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "security/aead.hpp"
#include "security/jwt.hpp"

namespace jm::security {

struct Secrets {
  JwtKeys jwt;
  KeyRing field_keys;         // AES-256-GCM keys for personal fields
  std::string index_key;      // 32 bytes: HMAC key of the e-mail blind index
  std::string pseudonym_key;  // 32 bytes: HMAC key of analytics pseudonyms
  // The original service's Fernet key (32 bytes), when JOURNEYMAN_LEGACY_FERNET_* are set.
  std::optional<std::string> legacy_fernet_key;
  bool generated = false;  // some keys are development keys from the generated file
  std::string source;      // where the keys came from, e.g. "env", "file:/etc/jm/keys.json"
};

// Reads one environment variable; nullopt when unset. Tests pass their own.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// Throws std::runtime_error whose message names the variable (or file entry) at fault.
Secrets load_secrets(const Config& config);
Secrets load_secrets(const Config& config, const EnvLookup& env);

// Where development keys are kept: <directory of the SQLite file, or var/>/keys.json.
std::string development_keys_path(const Config& config);

}  // namespace jm::security
