#pragma once
// Issues and clears a signed-in session: a JWT access token in the body, a rotating
// refresh token in an httpOnly cookie, and a CSRF token (cookie + body) the client
// echoes in X-CSRF-Token when it uses the refresh cookie.
#include <nlohmann/json.hpp>

#include "api/context.hpp"
#include "http/types.hpp"

namespace jm::api {

// Stores a new refresh session (a new family) for `user` and answers `status` with
// {user, accessToken, expiresIn, csrfToken} + extra fields, setting both cookies.
boost::asio::awaitable<http::Response> start_session(http::Request& req, Context& ctx,
                                                     const store::UserRecord& user,
                                                     http::Status status,
                                                     nlohmann::json extra = {});

// The session response for a refresh session already stored (rotation).
http::Response session_response(const http::Request& req, Context& ctx,
                                const store::UserRecord& user, const std::string& refresh_token,
                                http::Status status, nlohmann::json extra = {});

// A new refresh session row for `user` (token hash, expiry, ip, user agent).
store::RefreshSession new_refresh_session(const http::Request& req, Context& ctx,
                                          std::int64_t user_id, const std::string& refresh_token);

// Expires both cookies on `res`.
void clear_session_cookies(const Context& ctx, http::Response& res);

}  // namespace jm::api
