#include "security/secrets.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "security/fernet.hpp"
#include "security/keys_file.hpp"
#include "security/secret_checks.hpp"
#include "util/log.hpp"

namespace jm::security {

namespace {

constexpr const char* kJwtSecret = "JOURNEYMAN_JWT_SECRET";
constexpr const char* kFieldKeys = "JOURNEYMAN_FIELD_KEYS";
constexpr const char* kIndexKey = "JOURNEYMAN_INDEX_KEY";
constexpr const char* kPseudonymKey = "JOURNEYMAN_PSEUDONYM_KEY";
constexpr const char* kFernetPassphrase = "JOURNEYMAN_LEGACY_FERNET_PASSPHRASE";
constexpr const char* kFernetSalt = "JOURNEYMAN_LEGACY_FERNET_SALT";
// The original service's iteration count (utils/encryption.py).
constexpr int kLegacyFernetIterations = 100000;
// With a single JWT secret from the environment there is nothing to rotate between.
constexpr const char* kEnvJwtKid = "env";

[[noreturn]] void fail(const std::string& message) {
  throw std::runtime_error(message);
}

std::optional<std::string> non_empty(const EnvLookup& env, const char* name) {
  auto value = env(name);
  if (value && value->empty()) return std::nullopt;  // VAR= counts as unset
  return value;
}

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return std::string(s.substr(first, last - first + 1));
}

// "kid:base64key[,kid:base64key…]"; the first entry is the current key.
KeyRing parse_field_keys(const std::string& text) {
  KeyRing ring;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    const auto entry = trim(std::string_view(text).substr(start, end - start));
    start = end + 1;
    const auto colon = entry.find(':');
    if (colon == std::string::npos) {
      fail(std::string(kFieldKeys) + ": expected kid:base64key[,kid:base64key...]");
    }
    const auto kid = entry.substr(0, colon);
    if (!is_valid_key_id(kid)) {
      fail(std::string(kFieldKeys) + ": key id '" + kid + "' must be 1-32 of [A-Za-z0-9_-]");
    }
    if (ring.keys.count(kid) != 0)
      fail(std::string(kFieldKeys) + ": key id '" + kid + "' repeated");
    ring.keys.emplace(kid, decode_key32(std::string(kFieldKeys) + " (key '" + kid + "')",
                                        entry.substr(colon + 1)));
    if (ring.current_id.empty()) ring.current_id = kid;
  }
  return ring;
}

KeyMaterial read_environment(const EnvLookup& env) {
  KeyMaterial out;
  if (auto v = non_empty(env, kJwtSecret)) {
    out.jwt = JwtKeys{kEnvJwtKid, {{kEnvJwtKid, check_text_secret(kJwtSecret, *v)}}};
  }
  if (auto v = non_empty(env, kFieldKeys)) out.field_keys = parse_field_keys(*v);
  if (auto v = non_empty(env, kIndexKey)) out.index_key = decode_key32(kIndexKey, *v);
  if (auto v = non_empty(env, kPseudonymKey)) out.pseudonym_key = decode_key32(kPseudonymKey, *v);
  return out;
}

// Fills the parts `into` lacks from `from`; returns the names of the parts it filled.
std::vector<std::string> fill_missing(KeyMaterial& into, const KeyMaterial& from) {
  std::vector<std::string> filled;
  if (!into.jwt && from.jwt) {
    into.jwt = from.jwt;
    filled.push_back(kJwtSecret);
  }
  if (!into.field_keys && from.field_keys) {
    into.field_keys = from.field_keys;
    filled.push_back(kFieldKeys);
  }
  if (!into.index_key && from.index_key) {
    into.index_key = from.index_key;
    filled.push_back(kIndexKey);
  }
  if (!into.pseudonym_key && from.pseudonym_key) {
    into.pseudonym_key = from.pseudonym_key;
    filled.push_back(kPseudonymKey);
  }
  return filled;
}

std::vector<std::string> missing_parts(const KeyMaterial& keys) {
  std::vector<std::string> missing;
  if (!keys.jwt) missing.push_back(std::string(kJwtSecret) + " (keys file: \"jwt\")");
  if (!keys.field_keys) missing.push_back(std::string(kFieldKeys) + " (keys file: \"field\")");
  if (!keys.index_key) missing.push_back(std::string(kIndexKey) + " (keys file: \"index\")");
  if (!keys.pseudonym_key) {
    missing.push_back(std::string(kPseudonymKey) + " (keys file: \"pseudonym\")");
  }
  return missing;
}

std::string join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : separator) + part;
  return out;
}

// Development keys: reuse the generated file, or make it on first start.
std::vector<std::string> fill_from_development_file(KeyMaterial& keys, const Config& config,
                                                    std::string& source) {
  const auto path = development_keys_path(config);
  bool created = false;
  std::optional<KeyMaterial> dev;
  if (!std::filesystem::exists(path)) {
    dev = create_keys_file(path);
    created = dev.has_value();
  }
  if (!dev) dev = read_keys_file(path);  // existed, or another process just wrote it
  auto filled = fill_missing(keys, *dev);
  if (!missing_parts(keys).empty()) {
    fail("development keys file " + path + " lacks " + join(missing_parts(keys), ", ") +
         "; delete it to have it generated again");
  }
  if (!filled.empty()) {
    source += std::string(source.empty() ? "" : "+") + "development:" + path;
    log::warn("development_keys",
              {{"path", path},
               {"created", created},
               {"keys", filled},
               {"message", std::string(created ? "generated" : "using") +
                               " development keys; set JOURNEYMAN_ENV=production with real "
                               "keys for any deployment"}});
  }
  return filled;
}

std::optional<std::string> load_legacy_fernet(const EnvLookup& env) {
  auto passphrase = non_empty(env, kFernetPassphrase);
  auto salt = non_empty(env, kFernetSalt);
  if (passphrase && !salt) {
    fail(std::string(kFernetSalt) + " is required when " + kFernetPassphrase +
         " is set (the original service used \"journeyman_salt\")");
  }
  if (salt && !passphrase) {
    fail(std::string(kFernetSalt) + " is set but " + kFernetPassphrase + " is not");
  }
  if (!passphrase) return std::nullopt;
  return derive_fernet_key(*passphrase, *salt, kLegacyFernetIterations);
}

}  // namespace

std::string development_keys_path(const Config& config) {
  const auto db = config.sqlite_path();
  std::filesystem::path dir = "var";
  if (!db.empty() && db != ":memory:") {
    dir = std::filesystem::path(db).parent_path();
    if (dir.empty()) dir = ".";
  }
  return (dir / "keys.json").string();
}

Secrets load_secrets(const Config& config, const EnvLookup& env) {
  KeyMaterial keys = read_environment(env);
  std::string source;
  if (keys.jwt || keys.field_keys || keys.index_key || keys.pseudonym_key) source = "env";
  if (!config.keys_file.empty()) {
    if (!fill_missing(keys, read_keys_file(config.keys_file)).empty()) {
      source += std::string(source.empty() ? "" : "+") + "file:" + config.keys_file;
    }
  }
  bool generated = false;
  if (auto missing = missing_parts(keys); !missing.empty()) {
    if (config.is_production()) {
      fail("production needs every key; missing: " + join(missing, ", ") +
           (config.keys_file.empty() ? " (set them in the environment or a keys file, "
                                       "JOURNEYMAN_KEYS_FILE)"
                                     : ""));
    }
    generated = !fill_from_development_file(keys, config, source).empty();
  }
  if (*keys.index_key == *keys.pseudonym_key) {
    fail(std::string(kIndexKey) + " and " + kPseudonymKey + " must be different keys");
  }
  Secrets out;
  out.jwt = std::move(*keys.jwt);
  out.field_keys = std::move(*keys.field_keys);
  out.index_key = std::move(*keys.index_key);
  out.pseudonym_key = std::move(*keys.pseudonym_key);
  out.legacy_fernet_key = load_legacy_fernet(env);
  out.generated = generated;
  out.source = source;
  return out;
}

Secrets load_secrets(const Config& config) {
  return load_secrets(config, [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  });
}

}  // namespace jm::security
