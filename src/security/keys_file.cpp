#include "security/keys_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "security/encoding.hpp"
#include "security/random.hpp"
#include "security/secret_checks.hpp"

namespace jm::security {

namespace {

using nlohmann::json;

constexpr std::uintmax_t kMaxFileBytes = 1024 * 1024;

[[noreturn]] void fail(const std::string& path, const std::string& problem) {
  throw std::runtime_error("keys file " + path + ": " + problem);
}

std::string octal_mode(mode_t mode) {
  std::ostringstream out;
  out << std::oct << (mode & 0777);
  return out.str();
}

std::string read_private_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) fail(path, std::strerror(errno));
  if (!S_ISREG(st.st_mode)) fail(path, "not a regular file");
  // Keys readable (or replaceable) by other accounts are not secret keys any more.
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    fail(path, "is accessible by group or others (mode " + octal_mode(st.st_mode) +
                   "); run: chmod 600 " + path);
  }
  if (static_cast<std::uintmax_t>(st.st_size) > kMaxFileBytes) fail(path, "larger than 1 MiB");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, "cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// {"kid": value, …} plus the name of the current kid (may be omitted with one entry).
using Decode = std::string (*)(std::string_view what, std::string_view value);

std::pair<std::string, std::map<std::string, std::string>> read_key_map(const std::string& path,
                                                                        const json& doc,
                                                                        const char* map_name,
                                                                        const char* current_name,
                                                                        Decode decode) {
  const auto& map = doc.at(map_name);
  if (!map.is_object() || map.empty())
    fail(path, std::string("\"") + map_name + "\" must be a non-empty object");
  std::map<std::string, std::string> keys;
  for (const auto& [kid, value] : map.items()) {
    const std::string what = "keys file " + path + ": \"" + map_name + "\".\"" + kid + "\"";
    if (!is_valid_key_id(kid)) fail(path, "key id \"" + kid + "\" must be 1-32 of [A-Za-z0-9_-]");
    if (!value.is_string())
      fail(path, "\"" + std::string(map_name) + "\".\"" + kid + "\" must be a string");
    keys.emplace(kid, decode(what, value.get<std::string>()));
  }
  std::string current;
  if (doc.contains(current_name)) {
    if (!doc.at(current_name).is_string())
      fail(path, std::string("\"") + current_name + "\" must be a string");
    current = doc.at(current_name).get<std::string>();
  } else if (keys.size() == 1) {
    current = keys.begin()->first;
  } else {
    fail(path, std::string("\"") + current_name + "\" is required when \"" + map_name +
                   "\" has several keys");
  }
  if (keys.count(current) == 0) {
    fail(path, std::string("\"") + current_name + "\" names a key that \"" + map_name +
                   "\" does not have");
  }
  return {current, keys};
}

std::string read_key32(const std::string& path, const json& doc, const char* name) {
  if (!doc.at(name).is_string())
    fail(path, std::string("\"") + name + "\" must be a base64 string");
  return decode_key32("keys file " + path + ": \"" + name + "\"", doc.at(name).get<std::string>());
}

// A random key that also passes our own placeholder check (a random string containing
// e.g. "secret" is astronomically unlikely, but a generated key must never be refused).
template <typename Make>
std::string fresh(Make make) {
  for (;;) {
    auto value = make();
    if (!looks_like_placeholder(value)) return value;
  }
}

}  // namespace

KeyMaterial read_keys_file(const std::string& path) {
  const auto text = read_private_file(path);
  auto doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) fail(path, "not a JSON object");
  KeyMaterial out;
  if (doc.contains("jwt")) {
    auto [current, keys] = read_key_map(path, doc, "jwt", "jwtCurrent", check_text_secret);
    out.jwt = JwtKeys{current, std::move(keys)};
  }
  if (doc.contains("field")) {
    auto [current, keys] = read_key_map(path, doc, "field", "fieldCurrent", decode_key32);
    out.field_keys = KeyRing{current, std::move(keys)};
  }
  if (doc.contains("index")) out.index_key = read_key32(path, doc, "index");
  if (doc.contains("pseudonym")) out.pseudonym_key = read_key32(path, doc, "pseudonym");
  return out;
}

std::optional<KeyMaterial> create_keys_file(const std::string& path) {
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);

  KeyMaterial keys;
  keys.jwt = JwtKeys{"dev1", {{"dev1", fresh([] { return random_token(32); })}}};
  keys.field_keys = KeyRing{"dev1", {{"dev1", fresh([] { return random_bytes(32); })}}};
  keys.index_key = fresh([] { return random_bytes(32); });
  keys.pseudonym_key = fresh([] { return random_bytes(32); });
  const json doc = {
      {"note", "Generated by journeyman for development. Never use these keys in production."},
      {"jwt", keys.jwt->keys},
      {"jwtCurrent", "dev1"},
      {"field", {{"dev1", base64_encode(keys.field_keys->keys.at("dev1"))}}},
      {"fieldCurrent", "dev1"},
      {"index", base64_encode(*keys.index_key)},
      {"pseudonym", base64_encode(*keys.pseudonym_key)},
  };
  const auto text = doc.dump(2) + "\n";

  // Written to a private temporary file, then linked into place: link() fails when the
  // file exists, so two servers starting at once never both write (and disagree on)
  // keys, and a crash never leaves a half-written keys file behind.
  const std::string temp = path + ".tmp-" + random_token(6);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) fail(path, std::string("cannot be created: ") + std::strerror(errno));
  std::size_t written = 0;
  bool ok = true;
  while (ok && written < text.size()) {
    const auto n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) written += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  const std::string why = ok ? "" : std::strerror(errno);
  ::close(fd);
  const bool linked = ok && ::link(temp.c_str(), path.c_str()) == 0;
  const int link_errno = errno;
  ::unlink(temp.c_str());
  if (!ok) fail(path, "cannot be written: " + why);
  if (!linked) {
    if (link_errno == EEXIST) return std::nullopt;
    fail(path, std::string("cannot be created: ") + std::strerror(link_errno));
  }
  return keys;
}

}  // namespace jm::security
