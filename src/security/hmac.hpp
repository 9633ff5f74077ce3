#pragma once
// Keyed hashes and the one constant-time comparison for secrets.
#include <string>
#include <string_view>

namespace jm::security {

// HMAC-SHA256 of data under key: 32 raw bytes.
std::string hmac_sha256(std::string_view key, std::string_view data);
// The same as 64 lower-case hex characters.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
// SHA-256 of data as 64 lower-case hex characters (token and API key hashes).
std::string sha256_hex(std::string_view data);

// True when a and b hold the same bytes. Time depends only on the lengths, never on
// where the contents differ; strings of different lengths are unequal.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace jm::security
