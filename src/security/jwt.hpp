#pragma once
// Short-lived access tokens: JWT with HS256 only (RFC 7519 / 7515). Keys carry ids so a
// new secret can sign while tokens signed with the previous one stay valid until expiry.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace jm::security {

struct AccessClaims {
  std::string sub;                // user public id
  std::string role;               // player | analyst | admin
  std::string jti;                // token id (optional; omitted from the token when empty)
  std::int64_t iat = 0, exp = 0;  // Unix seconds
};

struct JwtKeys {
  std::string current_kid;                  // signs new tokens
  std::map<std::string, std::string> keys;  // kid → secret; any of them verifies
};

// Header {"alg":"HS256","kid":…,"typ":"JWT"}. Throws std::invalid_argument when
// current_kid has no key.
std::string sign_access_token(const AccessClaims& claims, const JwtKeys& keys);

enum class JwtError {
  none,
  malformed,  // not three strict base64url parts of JSON, or a required claim missing
  bad_signature,
  unknown_key,      // kid absent or not among the keys
  wrong_algorithm,  // anything but HS256 ("none", "HS512", "RS256", …)
  expired,          // now >= exp
  not_yet_valid,    // iat (or nbf) more than the allowed clock skew in the future
};

struct JwtResult {
  AccessClaims claims;  // filled only when error == none
  JwtError error = JwtError::none;
};

inline constexpr std::int64_t kJwtClockSkewSeconds = 60;

// Never throws: every way a token can be wrong is an error value.
JwtResult verify_access_token(std::string_view token, const JwtKeys& keys,
                              std::int64_t now_seconds);

const char* to_string(JwtError error);

}  // namespace jm::security
