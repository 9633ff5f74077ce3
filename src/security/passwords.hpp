#pragma once
// Password hashing: argon2id for everything new; legacy bcrypt hashes from the original
// service still verify (and ask to be re-hashed) so people keep their passwords.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace jm::security {

// OWASP's minimum argon2id configuration (19 MiB, 2 passes, 1 lane).
struct PasswordParams {
  std::uint32_t memory_kib = 19456;
  std::uint32_t iterations = 2;
  std::uint32_t parallelism = 1;
};

// Longer passwords are refused: hashing cost must not be chosen by the caller.
inline constexpr std::size_t kMaxPasswordBytes = 1024;

// PHC string "$argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>" with a fresh 16-byte salt and a
// 32-byte hash. Throws std::invalid_argument for a password over kMaxPasswordBytes or
// unusable params, std::runtime_error if argon2 itself fails (e.g. out of memory).
std::string hash_password(std::string_view password, const PasswordParams& params = {});

struct PasswordCheck {
  bool ok = false;
  // The password was right but the stored hash is legacy bcrypt, another argon2
  // variant/version, or cheaper than `current`: store hash_password(password) instead.
  bool needs_rehash = false;
};

// Checks a password against a stored hash (argon2id/argon2i/argon2d PHC strings, or
// bcrypt $2a$/$2b$/$2y$). A malformed, unknown or absurdly expensive stored hash gives
// {false, false}; this function never throws.
PasswordCheck verify_password(std::string_view password, std::string_view stored,
                              const PasswordParams& current = {});

}  // namespace jm::security
