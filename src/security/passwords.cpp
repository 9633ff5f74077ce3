#include "security/passwords.hpp"

#include <argon2.h>
#include <crypt.h>
#include <openssl/crypto.h>

#include <charconv>
#include <memory>
#include <optional>
#include <stdexcept>

#include "security/hmac.hpp"
#include "security/random.hpp"

namespace jm::security {

namespace {

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;

// Stored hashes come from our own database, but a corrupt or hostile row must not make
// one login allocate gigabytes or spin for minutes: costs above these are refused.
constexpr std::uint32_t kMaxMemoryKib = 1024 * 1024;  // 1 GiB
constexpr std::uint32_t kMaxIterations = 64;
constexpr std::uint32_t kMaxParallelism = 64;
constexpr int kMaxBcryptCost = 16;  // the original used 12; each step doubles the time

struct Argon2Encoding {
  argon2_type type = Argon2_id;
  std::uint32_t version = ARGON2_VERSION_10;
  std::uint32_t memory_kib = 0, iterations = 0, parallelism = 0;
};

bool consume(std::string_view& s, std::string_view prefix) {
  if (s.substr(0, prefix.size()) != prefix) return false;
  s.remove_prefix(prefix.size());
  return true;
}

// Reads a decimal uint32 (no sign, no leading zeros except "0") up to a delimiter.
std::optional<std::uint32_t> consume_number(std::string_view& s) {
  std::size_t n = 0;
  while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
  if (n == 0 || n > 10 || (n > 1 && s[0] == '0')) return std::nullopt;
  std::uint64_t value = 0;
  std::from_chars(s.data(), s.data() + n, value);
  if (value > UINT32_MAX) return std::nullopt;
  s.remove_prefix(n);
  return static_cast<std::uint32_t>(value);
}

bool is_b64_field(std::string_view s) {
  if (s.empty() || s.size() > 512) return false;
  for (char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '/';
    if (!ok) return false;
  }
  return true;
}

// "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>" (the v= part is absent in version 1.0).
std::optional<Argon2Encoding> parse_argon2(std::string_view s) {
  Argon2Encoding e;
  if (consume(s, "$argon2id$")) {
    e.type = Argon2_id;
  } else if (consume(s, "$argon2i$")) {
    e.type = Argon2_i;
  } else if (consume(s, "$argon2d$")) {
    e.type = Argon2_d;
  } else {
    return std::nullopt;
  }
  if (consume(s, "v=")) {
    auto v = consume_number(s);
    if (!v || (*v != ARGON2_VERSION_10 && *v != ARGON2_VERSION_13) || !consume(s, "$")) {
      return std::nullopt;
    }
    e.version = *v;
  }
  std::optional<std::uint32_t> m, t, p;
  if (!consume(s, "m=") || !(m = consume_number(s)) || !consume(s, ",t=") ||
      !(t = consume_number(s)) || !consume(s, ",p=") || !(p = consume_number(s)) ||
      !consume(s, "$")) {
    return std::nullopt;
  }
  e.memory_kib = *m;
  e.iterations = *t;
  e.parallelism = *p;
  if (e.memory_kib > kMaxMemoryKib || e.iterations == 0 || e.iterations > kMaxIterations ||
      e.parallelism == 0 || e.parallelism > kMaxParallelism) {
    return std::nullopt;
  }
  const auto dollar = s.find('$');
  if (dollar == std::string_view::npos || !is_b64_field(s.substr(0, dollar)) ||
      !is_b64_field(s.substr(dollar + 1))) {
    return std::nullopt;
  }
  return e;
}

PasswordCheck verify_argon2(std::string_view password, std::string_view stored,
                            const PasswordParams& current) {
  auto encoding = parse_argon2(stored);
  if (!encoding) return {};
  const std::string encoded(stored);  // argon2_verify wants a NUL-terminated string
  if (argon2_verify(encoded.c_str(), password.data(), password.size(), encoding->type) !=
      ARGON2_OK) {
    return {};
  }
  const bool weaker = encoding->type != Argon2_id || encoding->version != ARGON2_VERSION_13 ||
                      encoding->memory_kib < current.memory_kib ||
                      encoding->iterations < current.iterations ||
                      encoding->parallelism < current.parallelism;
  return {true, weaker};
}

// "$2b$12$" + 22 salt characters + 31 hash characters, bcrypt's own base64 alphabet.
bool is_bcrypt(std::string_view s) {
  if (s.size() != 60 || s[0] != '$' || s[1] != '2' || s[3] != '$' || s[6] != '$') return false;
  if (s[2] != 'a' && s[2] != 'b' && s[2] != 'y') return false;
  if (s[4] < '0' || s[4] > '9' || s[5] < '0' || s[5] > '9') return false;
  const int cost = (s[4] - '0') * 10 + (s[5] - '0');
  if (cost < 4 || cost > kMaxBcryptCost) return false;
  for (char c : s.substr(7)) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '/';
    if (!ok) return false;
  }
  return true;
}

PasswordCheck verify_bcrypt(std::string_view password, std::string_view stored) {
  // crypt() reads C strings: an embedded NUL would silently shorten the password.
  if (!is_bcrypt(stored) || password.find('\0') != std::string_view::npos) return {};
  const std::string setting(stored);
  if (crypt_checksalt(setting.c_str()) == CRYPT_SALT_INVALID) return {};
  const std::string phrase(password);
  auto data = std::make_unique<crypt_data>();  // ~32 KiB of scratch space, zeroed
  const char* out = crypt_rn(phrase.c_str(), setting.c_str(), data.get(), sizeof(crypt_data));
  const bool ok = out != nullptr && constant_time_equal(out, stored);
  OPENSSL_cleanse(data.get(), sizeof(crypt_data));
  return {ok, ok};  // every bcrypt hash is legacy: re-hash with argon2id once it matched
}

}  // namespace

std::string hash_password(std::string_view password, const PasswordParams& params) {
  if (password.size() > kMaxPasswordBytes) {
    throw std::invalid_argument("password longer than 1024 bytes");
  }
  if (params.iterations == 0 || params.parallelism == 0 ||
      params.memory_kib < 8 * params.parallelism) {
    throw std::invalid_argument("argon2 params: need t >= 1, p >= 1, m >= 8*p KiB");
  }
  const auto salt = random_bytes(kSaltBytes);
  std::string encoded(argon2_encodedlen(params.iterations, params.memory_kib, params.parallelism,
                                        kSaltBytes, kHashBytes, Argon2_id),
                      '\0');
  const int rc =
      argon2_hash(params.iterations, params.memory_kib, params.parallelism, password.data(),
                  password.size(), salt.data(), salt.size(), nullptr, kHashBytes, encoded.data(),
                  encoded.size(), Argon2_id, ARGON2_VERSION_13);
  if (rc != ARGON2_OK) {
    throw std::runtime_error(std::string("argon2id hashing failed: ") + argon2_error_message(rc));
  }
  encoded.resize(encoded.find('\0'));  // argon2_encodedlen counts the terminator
  return encoded;
}

PasswordCheck verify_password(std::string_view password, std::string_view stored,
                              const PasswordParams& current) {
  if (password.size() > kMaxPasswordBytes) return {};
  try {
    if (stored.substr(0, 7) == "$argon2") return verify_argon2(password, stored, current);
    if (stored.substr(0, 2) == "$2") return verify_bcrypt(password, stored);
  } catch (...) {  // only std::bad_alloc can get here; a failed check is the safe answer
  }
  return {};
}

}  // namespace jm::security
