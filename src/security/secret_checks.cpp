#include "security/secret_checks.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <stdexcept>

#include "security/encoding.hpp"

namespace jm::security {

namespace {

[[noreturn]] void fail(std::string_view what, std::string_view problem) {
  throw std::runtime_error(std::string(what) + ": " + std::string(problem));
}

// Common words of sample configs and tutorials; real random keys do not contain them.
constexpr std::array<std::string_view, 10> kPlaceholderWords = {
    "changeme",   "change-me",   "change_me", "replaceme", "replace-me",
    "replace_me", "placeholder", "example",   "secret",    "password",
};

}  // namespace

bool looks_like_placeholder(std::string_view value) {
  std::string lower(value);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (auto word : kPlaceholderWords) {
    if (lower.find(word) != std::string::npos) return true;
  }
  std::array<bool, 256> seen{};
  int distinct = 0;
  for (unsigned char c : value) {
    if (!seen[c]) {
      seen[c] = true;
      ++distinct;
    }
  }
  // 32 random bytes or 32 random base64 characters have ~25+ distinct values.
  return distinct < 8;
}

std::string check_text_secret(std::string_view what, std::string_view value) {
  if (value.size() < kMinJwtSecretChars) {
    fail(what, "too short (need at least " + std::to_string(kMinJwtSecretChars) +
                   " characters; generate one with `openssl rand -base64 48`)");
  }
  if (looks_like_placeholder(value)) {
    fail(what, "looks like a placeholder; generate one with `openssl rand -base64 48`");
  }
  return std::string(value);
}

std::string decode_key32(std::string_view what, std::string_view base64) {
  std::optional<std::string> raw = base64_decode(base64);
  if (!raw) raw = base64url_padded_decode(base64);
  if (!raw) raw = base64url_decode(base64);
  if (!raw) {
    // Standard alphabet without padding, as some tools print it.
    std::string padded(base64);
    padded.append((4 - padded.size() % 4) % 4, '=');
    raw = base64_decode(padded);
  }
  if (!raw) fail(what, "not valid base64 (generate a key with `openssl rand -base64 32`)");
  if (raw->size() != kKeyBytes32) {
    fail(what, "must decode to exactly 32 bytes, got " + std::to_string(raw->size()) +
                   " (generate one with `openssl rand -base64 32`)");
  }
  if (looks_like_placeholder(*raw) || looks_like_placeholder(base64)) {
    fail(what, "looks like a placeholder; generate one with `openssl rand -base64 32`");
  }
  return std::move(*raw);
}

}  // namespace jm::security
