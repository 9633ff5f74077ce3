#pragma once
// Authentication and route-level authorization, plus the CSRF check for routes that
// read a credential from a cookie.
//
// Credentials, in order: `X-API-Key: <key>`, `Authorization: Bearer <API key>` (the
// original's clients send keys that way), `Authorization: Bearer <JWT access token>`.
// A credential that is present but wrong is refused with 401 on every route, so a
// client learns at once that its token expired; a missing one only where the route
// needs it. A known caller without the route's role gets 403.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http/middleware.hpp"
#include "security/jwt.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace jm::infra {
class RevocationList;
}

namespace jm::http {

struct AuthDependencies {
  store::Store& store;
  const security::JwtKeys& jwt_keys;
  const Clock& clock;
  // With Redis: access tokens revoked anywhere in the cluster (logout, stolen refresh).
  const infra::RevocationList* revocations = nullptr;
};

std::unique_ptr<Middleware> make_auth(AuthDependencies deps);

// The role of a bare credential (an API key or a JWT access token), or nullopt when it
// is not valid. For `GET /ws?token=`, where browsers cannot send headers.
std::optional<std::string> credential_role(const AuthDependencies& deps, std::string_view token);

// Names of the cookies the auth routes set; the CSRF check reads jm_csrf.
inline constexpr const char* kRefreshCookie = "jm_refresh";
inline constexpr const char* kCsrfCookie = "jm_csrf";

}  // namespace jm::http
