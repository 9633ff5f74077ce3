#pragma once
// Checks applied to every configured key, whatever its source. Errors are
// std::runtime_error messages that name where the value came from (`what`, e.g. an
// environment variable) and never contain the value itself.
#include <string>
#include <string_view>

namespace jm::security {

inline constexpr std::size_t kMinJwtSecretChars = 32;
inline constexpr std::size_t kKeyBytes32 = 32;

// "changeme", "secret", "example", one repeated character, very few distinct characters…
bool looks_like_placeholder(std::string_view value);

// A JWT secret typed as text: at least kMinJwtSecretChars and not a placeholder.
std::string check_text_secret(std::string_view what, std::string_view value);

// A 32-byte key written as base64 (standard or URL-safe alphabet, padded or not);
// returns the raw bytes.
std::string decode_key32(std::string_view what, std::string_view base64);

}  // namespace jm::security
