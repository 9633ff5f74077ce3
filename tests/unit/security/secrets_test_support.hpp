#pragma once
// Helpers for the key-loading tests: a private temp directory and a fake environment.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "security/encoding.hpp"
#include "security/random.hpp"
#include "security/secrets.hpp"

namespace jm::security::secrets_test {

// A fresh directory removed at the end of the test.
class TempDir {
 public:
  TempDir() : path_(std::filesystem::temp_directory_path() / ("jm-secrets-" + random_token(8))) {
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline void write_file(const std::string& path, const std::string& text, mode_t mode) {
  std::ofstream(path) << text;
  ::chmod(path.c_str(), mode);
}

inline mode_t file_mode(const std::string& path) {
  struct stat st {};
  ::stat(path.c_str(), &st);
  return st.st_mode & 0777;
}

using FakeEnv = std::map<std::string, std::string>;

inline EnvLookup lookup(const FakeEnv& env) {
  return [env](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
}

// A random 32-byte key as the base64 an operator would paste.
inline std::string key_b64() {
  return base64_encode(random_bytes(32));
}

inline FakeEnv complete_env() {
  return {{"JOURNEYMAN_JWT_SECRET", random_token(48)},
          {"JOURNEYMAN_FIELD_KEYS", "f2:" + key_b64() + ",f1:" + key_b64()},
          {"JOURNEYMAN_INDEX_KEY", key_b64()},
          {"JOURNEYMAN_PSEUDONYM_KEY", key_b64()}};
}

inline Config config_in(const TempDir& dir, const std::string& environment) {
  Config c;
  c.database_url = "sqlite:" + dir.file("journeyman.db");
  c.environment = environment;
  return c;
}

}  // namespace jm::security::secrets_test
