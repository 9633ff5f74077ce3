#include "http/middleware/auth.hpp"

#include <mutex>
#include <unordered_map>

#include "http/errors.hpp"
#include "http/router.hpp"
#include "infra/redis/revocation_list.hpp"
#include "security/api_keys.hpp"
#include "security/hmac.hpp"

namespace jm::http {

namespace {

constexpr std::int64_t kTouchEveryMs = 60'000;  // last-used time is kept to the minute

bool role_satisfies(const Route& route, const Request& req) {
  const auto& who = req.principal;
  switch (route.access) {
    case Access::public_:
      return true;
    case Access::player:
      return who.kind == Principal::Kind::user;
    case Access::self_or_admin:
      return who.role == "admin" ||
             (who.kind == Principal::Kind::user && who.id == req.param(route.resource_param));
    case Access::authenticated:
      return who.authenticated();
    case Access::analyst:
      return who.role == "analyst" || who.role == "admin";
    case Access::admin:
      return who.role == "admin";
  }
  return false;
}

// The key record when `presented` is a valid, unrevoked API key. One answer (nullopt) for
// malformed, unknown, wrong and revoked keys: nothing to probe.
std::optional<store::ApiKeyRecord> valid_api_key(store::Store& store, std::string_view presented) {
  auto key_id = security::api_key_id(presented);
  if (!key_id) return std::nullopt;
  auto key = store.find_api_key(*key_id);
  if (!key || key->revoked_at_ms || !security::api_key_matches(presented, key->secret_hash)) {
    return std::nullopt;
  }
  return key;
}

Response unauthorized(const Request& req, std::string code, std::string message) {
  auto res = error_response(req, Status::unauthorized, std::move(code), std::move(message));
  res.set(beast_http::field::www_authenticate, "Bearer realm=\"journeyman\"");
  return res;
}

class Auth final : public Middleware {
 public:
  explicit Auth(AuthDependencies deps) : deps_(deps) {}

  std::optional<Response> before(Request& req) override {
    if (auto refused = authenticate(req)) return refused;
    if (!req.route) return std::nullopt;  // 404/405 and static files are public

    if (!role_satisfies(*req.route, req)) {
      if (!req.principal.authenticated()) {
        return unauthorized(req, "unauthenticated", "Authentication required");
      }
      return error_response(req, Status::forbidden, "forbidden",
                            "Your role may not use this endpoint");
    }
    if (req.route->cookie_auth && !csrf_ok(req)) {
      return error_response(req, Status::forbidden, "csrf_failed",
                            "Missing or wrong X-CSRF-Token header", "X-CSRF-Token");
    }
    return std::nullopt;
  }

 private:
  // Sets req.principal from the credential, or answers 401 for a bad one.
  std::optional<Response> authenticate(Request& req) {
    auto api_key = req.header("X-API-Key");
    auto authorization = req.header("Authorization");
    std::string_view bearer;
    if (authorization.size() > 7 &&
        (authorization.substr(0, 7) == "Bearer " || authorization.substr(0, 7) == "bearer ")) {
      bearer = authorization.substr(7);
    } else if (!authorization.empty()) {
      return unauthorized(req, "invalid_credentials", "Authorization must be a Bearer token");
    }
    if (api_key.empty() && security::api_key_id(bearer)) api_key = bearer;
    if (!api_key.empty()) return authenticate_api_key(req, api_key);
    if (!bearer.empty()) return authenticate_jwt(req, bearer);
    return std::nullopt;
  }

  std::optional<Response> authenticate_api_key(Request& req, std::string_view presented) {
    auto key = valid_api_key(deps_.store, presented);
    if (!key) return unauthorized(req, "invalid_api_key", "Invalid API key");
    req.principal = {Principal::Kind::api_key, key->key_id, key->role, 0};
    touch(key->key_id);
    return std::nullopt;
  }

  std::optional<Response> authenticate_jwt(Request& req, std::string_view token) {
    auto result = security::verify_access_token(token, deps_.jwt_keys, deps_.clock.now_ms() / 1000);
    if (result.error == security::JwtError::expired) {
      return unauthorized(req, "token_expired", "Access token expired; refresh it");
    }
    if (result.error != security::JwtError::none) {
      return unauthorized(req, "invalid_token", "Invalid access token");
    }
    if (deps_.revocations && deps_.revocations->is_revoked(result.claims)) {
      return unauthorized(req, "token_revoked", "Access token revoked; sign in again");
    }
    req.principal = {Principal::Kind::user, result.claims.sub, result.claims.role, 0};
    return std::nullopt;
  }

  static bool csrf_ok(const Request& req) {
    auto cookie = req.cookie(kCsrfCookie);
    auto header = req.header("X-CSRF-Token");
    return !cookie.empty() && security::constant_time_equal(cookie, header);
  }

  // Keeps the key's last-used time without a write per request.
  void touch(const std::string& key_id) {
    auto now = deps_.clock.now_ms();
    {
      std::lock_guard lock(mutex_);
      auto& last = last_touch_[key_id];
      if (now - last < kTouchEveryMs) return;
      last = now;
    }
    deps_.store.touch_api_key(key_id, now);
  }

  AuthDependencies deps_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::int64_t> last_touch_;
};

}  // namespace

std::unique_ptr<Middleware> make_auth(AuthDependencies deps) {
  return std::make_unique<Auth>(deps);
}

std::optional<std::string> credential_role(const AuthDependencies& deps, std::string_view token) {
  if (security::api_key_id(token)) {
    auto key = valid_api_key(deps.store, token);
    return key ? std::optional<std::string>(key->role) : std::nullopt;
  }
  auto result = security::verify_access_token(token, deps.jwt_keys, deps.clock.now_ms() / 1000);
  if (result.error != security::JwtError::none) return std::nullopt;
  if (deps.revocations && deps.revocations->is_revoked(result.claims)) return std::nullopt;
  return result.claims.role;
}

}  // namespace jm::http
