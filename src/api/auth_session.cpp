#include "api/auth_session.hpp"

#include <fmt/format.h>

#include "api/store_errors.hpp"
#include "domain/gdpr/export_document.hpp"
#include "http/errors.hpp"
#include "http/middleware/auth.hpp"
#include "security/hmac.hpp"
#include "security/jwt.hpp"
#include "security/random.hpp"
#include "security/secrets.hpp"
#include "store/await.hpp"
#include "util/random_id.hpp"

namespace jm::api {

namespace {

constexpr std::size_t kTokenBytes = 32;
constexpr std::size_t kMaxUserAgent = 256;

std::string cookie(const Context& ctx, const char* name, const std::string& value, const char* path,
                   bool http_only, std::int64_t max_age_seconds) {
  return fmt::format("{}={}; Path={}; Max-Age={}{}{}; SameSite=Strict", name, value, path,
                     max_age_seconds, http_only ? "; HttpOnly" : "",
                     ctx.config.accounts.secure_cookies ? "; Secure" : "");
}

std::int64_t refresh_seconds(const Context& ctx) {
  return std::int64_t{ctx.config.accounts.refresh_token_days} * 86'400;
}

}  // namespace

store::RefreshSession new_refresh_session(const http::Request& req, Context& ctx,
                                          std::int64_t user_id, const std::string& refresh_token) {
  auto now = ctx.clock.now_ms();
  store::RefreshSession session;
  session.token_hash = security::sha256_hex(refresh_token);
  session.family_id = random_uuid();
  session.user_id = user_id;
  session.created_at_ms = now;
  session.expires_at_ms = now + refresh_seconds(ctx) * 1000;
  session.ip = req.remote_ip;
  session.user_agent = std::string(req.header("User-Agent").substr(0, kMaxUserAgent));
  return session;
}

http::Response session_response(const http::Request& req, Context& ctx,
                                const store::UserRecord& user, const std::string& refresh_token,
                                http::Status status, nlohmann::json extra) {
  auto now_s = ctx.clock.now_ms() / 1000;
  security::AccessClaims claims;
  claims.sub = user.public_id;
  claims.role = user.role;
  claims.jti = random_hex(8);
  claims.iat = now_s;
  claims.exp = now_s + ctx.config.accounts.access_token_seconds;
  auto csrf = security::random_token(kTokenBytes);

  nlohmann::json body = {{"user", domain::user_json(user)},
                         {"accessToken", security::sign_access_token(claims, ctx.secrets->jwt)},
                         {"expiresIn", ctx.config.accounts.access_token_seconds},
                         {"csrfToken", csrf}};
  if (extra.is_object()) body.update(extra);
  auto res = http::json_response(req, status, body);
  res.insert(
      http::beast_http::field::set_cookie,
      cookie(ctx, http::kRefreshCookie, refresh_token, "/api/v1/auth", true, refresh_seconds(ctx)));
  res.insert(http::beast_http::field::set_cookie,
             cookie(ctx, http::kCsrfCookie, csrf, "/", false, refresh_seconds(ctx)));
  res.set(http::beast_http::field::cache_control, "no-store");
  return res;
}

boost::asio::awaitable<http::Response> start_session(http::Request& req, Context& ctx,
                                                     const store::UserRecord& user,
                                                     http::Status status, nlohmann::json extra) {
  auto refresh_token = security::random_token(kTokenBytes);
  auto session = new_refresh_session(req, ctx, user.id, refresh_token);
  auto error = co_await store::await_callback<store::StoreError>(
      [&](auto done) { ctx.store.create_refresh_session(std::move(session), std::move(done)); });
  if (error) co_return store_error_response(req, error);
  co_return session_response(req, ctx, user, refresh_token, status, std::move(extra));
}

void clear_session_cookies(const Context& ctx, http::Response& res) {
  res.insert(http::beast_http::field::set_cookie,
             cookie(ctx, http::kRefreshCookie, "", "/api/v1/auth", true, 0));
  res.insert(http::beast_http::field::set_cookie,
             cookie(ctx, http::kCsrfCookie, "", "/", false, 0));
}

}  // namespace jm::api
