#include "security/jwt.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>

#include "security/encoding.hpp"
#include "security/hmac.hpp"

namespace jm::security {

namespace {

using nlohmann::json;

// Far above any token we issue; keeps a hostile header from costing a big parse.
constexpr std::size_t kMaxTokenBytes = 8192;

std::optional<json> decode_json_object(std::string_view part) {
  auto bytes = base64url_decode(part);
  if (!bytes) return std::nullopt;
  auto value = json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  if (!value.is_object()) return std::nullopt;  // also covers a parse failure (discarded)
  return value;
}

// Optional integer claim: absent → fallback; present but not an integer → nullopt.
std::optional<std::int64_t> int_claim(const json& payload, const char* name,
                                      std::int64_t fallback) {
  auto it = payload.find(name);
  if (it == payload.end()) return fallback;
  if (it->is_number_integer() && !it->is_number_unsigned()) return it->get<std::int64_t>();
  if (it->is_number_unsigned() && it->get<std::uint64_t>() <= INT64_MAX) {
    return static_cast<std::int64_t>(it->get<std::uint64_t>());
  }
  return std::nullopt;
}

std::optional<std::string> string_claim(const json& payload, const char* name) {
  auto it = payload.find(name);
  if (it == payload.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// claim - now > skew without signed overflow for any pair of int64 values.
bool too_far_ahead(std::int64_t claim, std::int64_t now) {
  if (claim <= now) return false;
  const auto ahead = static_cast<std::uint64_t>(claim) - static_cast<std::uint64_t>(now);
  return ahead > static_cast<std::uint64_t>(kJwtClockSkewSeconds);
}

JwtResult fail(JwtError error) {
  return {{}, error};
}

JwtResult verify(std::string_view token, const JwtKeys& keys, std::int64_t now) {
  if (token.size() > kMaxTokenBytes) return fail(JwtError::malformed);
  const auto dot1 = token.find('.');
  if (dot1 == std::string_view::npos) return fail(JwtError::malformed);
  const auto dot2 = token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return fail(JwtError::malformed);
  }
  const auto header_part = token.substr(0, dot1);
  const auto payload_part = token.substr(dot1 + 1, dot2 - dot1 - 1);
  const auto signature_part = token.substr(dot2 + 1);

  auto header = decode_json_object(header_part);
  if (!header) return fail(JwtError::malformed);
  auto alg = header->find("alg");
  if (alg == header->end() || !alg->is_string()) return fail(JwtError::malformed);
  if (alg->get<std::string>() != "HS256") return fail(JwtError::wrong_algorithm);
  auto kid = header->find("kid");
  if (kid == header->end() || !kid->is_string()) return fail(JwtError::unknown_key);
  auto key = keys.keys.find(kid->get<std::string>());
  if (key == keys.keys.end()) return fail(JwtError::unknown_key);

  auto signature = base64url_decode(signature_part);
  if (!signature) return fail(JwtError::malformed);
  const auto signing_input = token.substr(0, dot2);
  if (!constant_time_equal(*signature, hmac_sha256(key->second, signing_input))) {
    return fail(JwtError::bad_signature);
  }

  // Only now is the payload ours to believe.
  auto payload = decode_json_object(payload_part);
  if (!payload) return fail(JwtError::malformed);
  auto sub = string_claim(*payload, "sub");
  auto role = string_claim(*payload, "role");
  auto exp = int_claim(*payload, "exp", INT64_MIN);
  auto iat = int_claim(*payload, "iat", 0);
  auto nbf = int_claim(*payload, "nbf", 0);
  if (!sub || sub->empty() || !role || role->empty() || !exp || *exp == INT64_MIN || !iat || !nbf) {
    return fail(JwtError::malformed);
  }
  std::string jti;
  if (payload->contains("jti")) {
    auto value = string_claim(*payload, "jti");
    if (!value) return fail(JwtError::malformed);
    jti = *value;
  }
  if (now >= *exp) return fail(JwtError::expired);
  if (too_far_ahead(*iat, now) || too_far_ahead(*nbf, now)) {
    return fail(JwtError::not_yet_valid);
  }
  return {{std::move(*sub), std::move(*role), std::move(jti), *iat, *exp}, JwtError::none};
}

}  // namespace

std::string sign_access_token(const AccessClaims& claims, const JwtKeys& keys) {
  auto key = keys.keys.find(keys.current_kid);
  if (key == keys.keys.end()) throw std::invalid_argument("JWT: no key for current kid");
  json header = {{"alg", "HS256"}, {"typ", "JWT"}, {"kid", keys.current_kid}};
  json payload = {
      {"sub", claims.sub}, {"role", claims.role}, {"iat", claims.iat}, {"exp", claims.exp}};
  if (!claims.jti.empty()) payload["jti"] = claims.jti;
  auto signing_input = base64url_encode(header.dump()) + "." + base64url_encode(payload.dump());
  auto signature = hmac_sha256(key->second, signing_input);
  return signing_input + "." + base64url_encode(signature);
}

JwtResult verify_access_token(std::string_view token, const JwtKeys& keys,
                              std::int64_t now_seconds) {
  try {
    return verify(token, keys, now_seconds);
  } catch (...) {  // e.g. bad_alloc or an OpenSSL failure: refuse, never crash
    return fail(JwtError::malformed);
  }
}

const char* to_string(JwtError error) {
  switch (error) {
    case JwtError::none:
      return "none";
    case JwtError::malformed:
      return "malformed";
    case JwtError::bad_signature:
      return "bad_signature";
    case JwtError::unknown_key:
      return "unknown_key";
    case JwtError::wrong_algorithm:
      return "wrong_algorithm";
    case JwtError::expired:
      return "expired";
    case JwtError::not_yet_valid:
      return "not_yet_valid";
  }
  return "malformed";
}

}  // namespace jm::security
