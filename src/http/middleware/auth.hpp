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

#include "http/middleware.hpp"
#include "security/jwt.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace jm::http {

struct AuthDependencies {
  store::Store& store;
  const security::JwtKeys& jwt_keys;
  const Clock& clock;
};

std::unique_ptr<Middleware> make_auth(AuthDependencies deps);

// Names of the cookies the auth routes set; the CSRF check reads jm_csrf.
inline constexpr const char* kRefreshCookie = "jm_refresh";
inline constexpr const char* kCsrfCookie = "jm_csrf";

}  // namespace jm::http
