// Accounts: POST /api/v1/auth/register, /login, /refresh, /logout.
// Passwords are argon2id (legacy bcrypt hashes verify and are rehashed on login);
// failed logins lock the account after the configured count in the window.
#include <fmt/format.h>

#include "api/auth_session.hpp"
#include "api/cpu_work.hpp"
#include "api/response_caching.hpp"
#include "api/routes.hpp"
#include "api/store_errors.hpp"
#include "domain/accounts/credentials_input.hpp"
#include "http/errors.hpp"
#include "http/middleware/auth.hpp"
#include "infra/redis/revocation_list.hpp"
#include "security/hmac.hpp"
#include "security/jwt.hpp"
#include "security/passwords.hpp"
#include "security/random.hpp"
#include "security/secrets.hpp"
#include "store/await.hpp"

namespace jm::api {

namespace {

using http::Request;
using http::Response;
using http::Status;
using json = nlohmann::json;
using Awaitable = boost::asio::awaitable<Response>;

security::PasswordParams password_params(const Context& ctx) {
  security::PasswordParams p;
  p.memory_kib = ctx.config.accounts.argon2_memory_kib;
  p.iterations = ctx.config.accounts.argon2_iterations;
  return p;
}

// A hash to verify against when the e-mail is unknown, so both answers take as long.
const std::string& decoy_hash(const security::PasswordParams& params) {
  static const std::string hash = security::hash_password("journeyman-decoy-password", params);
  return hash;
}

Response field_error(const Request& req, const domain::FieldError& e) {
  return http::error_response(req, Status::bad_request, "invalid_field", e.message, e.field);
}

Response invalid_credentials(const Request& req) {
  return http::error_response(req, Status::unauthorized, "invalid_credentials",
                              "Wrong e-mail or password");
}

Response locked(const Request& req, std::int64_t until_ms, std::int64_t now_ms) {
  auto seconds = std::max<std::int64_t>(1, (until_ms - now_ms + 999) / 1000);
  auto res = http::error_response(
      req, Status::too_many_requests, "account_locked",
      fmt::format("Too many failed logins; try again in {} minutes", (seconds + 59) / 60));
  res.set(http::beast_http::field::retry_after, std::to_string(seconds));
  return res;
}

void note_actor(Request& req, const store::UserRecord& user) {
  req.audit.actor = {http::Principal::Kind::user, user.public_id, user.role, user.id};
  req.audit.resource_id = user.public_id;
}

Awaitable register_account(Request& req, Context& ctx) {
  if (!req.json) co_return field_error(req, {"body", "Request body required"});
  auto parsed = domain::parse_registration(*req.json);
  if (auto* e = std::get_if<domain::FieldError>(&parsed)) co_return field_error(req, *e);
  auto input = std::get<domain::Registration>(std::move(parsed));

  auto params = password_params(ctx);
  store::NewAccount account;
  account.name = input.name;
  account.email = input.email;
  account.now_ms = ctx.clock.now_ms();
  auto hash = [&input, &params] { return security::hash_password(input.password, params); };
  account.password_hash = co_await on_cpu_pool<std::string>(*ctx.cpu_pool, hash);
  auto outcome = co_await store::await_callback<store::AccountOutcome>(
      [&](auto done) { ctx.store.create_account(std::move(account), std::move(done)); });
  if (outcome.error.kind == store::ErrorKind::conflict) {
    co_return http::error_response(req, Status::conflict, "email_taken",
                                   "An account with this e-mail already exists", "email");
  }
  if (outcome.error || !outcome.user) co_return store_error_response(req, outcome.error);
  note_actor(req, *outcome.user);
  // Adopting a visitor's player record may rename it on the boards.
  if (outcome.adopted_visitor) invalidate_game_derived(ctx, false);
  req.audit.details = {{"adoptedVisitor", outcome.adopted_visitor}};
  // Built outside the co_await: GCC 12 rejects a braced json argument inside one.
  json extra = {{"adoptedGames", outcome.adopted_visitor}};
  co_return co_await start_session(req, ctx, *outcome.user, Status::created, std::move(extra));
}

Awaitable login(Request& req, Context& ctx) {
  if (!req.json) co_return field_error(req, {"body", "Request body required"});
  auto parsed = domain::parse_login(*req.json);
  if (auto* e = std::get_if<domain::FieldError>(&parsed)) co_return field_error(req, *e);
  auto input = std::get<domain::LoginInput>(std::move(parsed));
  auto params = password_params(ctx);
  auto now = ctx.clock.now_ms();

  auto user = ctx.store.find_user_by_email(input.email);
  if (!user || !user->password_hash) {
    auto decoy = [&input, &params] {
      return security::verify_password(input.password, decoy_hash(params), params).ok;
    };
    co_await on_cpu_pool<bool>(*ctx.cpu_pool, decoy);
    req.audit.details = {{"reason", "unknown_account"}};
    co_return invalid_credentials(req);
  }
  note_actor(req, *user);
  if (user->locked_until_ms && *user->locked_until_ms > now) {
    req.audit.details = {{"reason", "locked"}};
    co_return locked(req, *user->locked_until_ms, now);
  }

  auto verify = [&input, &user, &params] {
    return security::verify_password(input.password, *user->password_hash, params);
  };
  auto check = co_await on_cpu_pool<security::PasswordCheck>(*ctx.cpu_pool, verify);
  if (!check.ok) {
    store::LockoutPolicy policy{ctx.config.accounts.lockout_failures,
                                ctx.config.accounts.lockout_window_seconds * 1000LL,
                                ctx.config.accounts.lockout_seconds * 1000LL};
    using Result = std::pair<store::LoginState, store::StoreError>;
    auto [state, error] = co_await store::await_callback<Result>([&](auto done) {
      ctx.store.record_login_failure(user->id, policy, now,
                                     [done](store::LoginState s, store::StoreError e) {
                                       done(Result{s, e});
                                     });
    });
    if (error) co_return store_error_response(req, error);
    req.audit.details = {{"reason", "wrong_password"}, {"failures", state.failures_in_window}};
    if (state.locked_until_ms) co_return locked(req, *state.locked_until_ms, now);
    co_return invalid_credentials(req);
  }

  auto error = co_await store::await_callback<store::StoreError>(
      [&](auto done) { ctx.store.record_login_success(user->id, now, std::move(done)); });
  if (error) co_return store_error_response(req, error);
  if (check.needs_rehash) {
    // Legacy bcrypt (or weaker argon2 settings): upgrade while we hold the password.
    auto rehash = [&input, &params] { return security::hash_password(input.password, params); };
    auto rehashed = co_await on_cpu_pool<std::string>(*ctx.cpu_pool, rehash);
    error = co_await store::await_callback<store::StoreError>([&](auto done) {
      ctx.store.update_credentials(user->id, std::move(rehashed), std::nullopt, now,
                                   std::move(done));
    });
    if (error) co_return store_error_response(req, error);
    req.audit.details = {{"rehashed", true}};
  }
  co_return co_await start_session(req, ctx, *user, Status::ok);
}

// With Redis, logout also ends the access token sent with it on every instance at once
// (without, it lives until it expires, as access tokens are not looked up).
void revoke_presented_access_token(const Request& req, Context& ctx) {
  if (!ctx.revocations || req.principal.kind != http::Principal::Kind::user) return;
  auto authorization = req.header("Authorization");
  if (authorization.size() <= 7) return;
  auto result = security::verify_access_token(authorization.substr(7), ctx.secrets->jwt,
                                              ctx.clock.now_ms() / 1000);
  if (result.error == security::JwtError::none) {
    ctx.revocations->revoke_token(result.claims.jti, result.claims.exp);
  }
}

// A replayed refresh token means the login was stolen: the store revoked its family, and
// every access token the user holds now is refused cluster-wide until it would expire.
void revoke_access_tokens_of(Context& ctx, const store::UserRecord& user) {
  if (!ctx.revocations) return;
  auto now_s = ctx.clock.now_ms() / 1000;
  ctx.revocations->revoke_user_before(
      user.public_id, now_s,
      now_s + ctx.config.accounts.access_token_seconds + security::kJwtClockSkewSeconds);
}

Response invalid_refresh(const Request& req, Context& ctx, const char* message) {
  auto res = http::error_response(req, Status::unauthorized, "invalid_refresh", message);
  clear_session_cookies(ctx, res);
  return res;
}

Awaitable refresh(Request& req, Context& ctx) {
  auto presented = req.cookie(http::kRefreshCookie);
  if (presented.empty()) co_return invalid_refresh(req, ctx, "No refresh token");
  auto next_token = security::random_token(32);
  auto next = new_refresh_session(req, ctx, 0, next_token);
  auto outcome = co_await store::await_callback<store::RotateOutcome>([&](auto done) {
    ctx.store.rotate_refresh_session(security::sha256_hex(presented), std::move(next),
                                     ctx.clock.now_ms(), std::move(done));
  });
  if (outcome.error) co_return store_error_response(req, outcome.error);
  switch (outcome.result) {
    case store::RotateResult::rotated:
      break;
    case store::RotateResult::reused:
      // Somebody replayed a retired token: every session of that login is now revoked.
      req.audit.details = {{"reason", "reused"}};
      if (outcome.user) {
        note_actor(req, *outcome.user);
        revoke_access_tokens_of(ctx, *outcome.user);
      }
      co_return invalid_refresh(req, ctx, "Refresh token already used; sign in again");
    case store::RotateResult::expired:
      co_return invalid_refresh(req, ctx, "Refresh token expired; sign in again");
    case store::RotateResult::unknown:
      co_return invalid_refresh(req, ctx, "Unknown refresh token");
  }
  if (!outcome.user) co_return invalid_refresh(req, ctx, "Unknown refresh token");
  note_actor(req, *outcome.user);
  co_return session_response(req, ctx, *outcome.user, next_token, Status::ok);
}

Awaitable logout(Request& req, Context& ctx) {
  revoke_presented_access_token(req, ctx);
  auto presented = req.cookie(http::kRefreshCookie);
  if (!presented.empty()) {
    auto error = co_await store::await_callback<store::StoreError>([&](auto done) {
      ctx.store.revoke_refresh_family_of(security::sha256_hex(presented), ctx.clock.now_ms(),
                                         std::move(done));
    });
    if (error) co_return store_error_response(req, error);
  }
  Response res{Status::no_content, req.raw.version()};
  clear_session_cookies(ctx, res);
  co_return res;
}

}  // namespace

void register_auth_routes(http::Router& router, Context& ctx) {
  using http::Access;
  http::RouteOptions strict_auth;
  strict_auth.rate_class = "auth";
  strict_auth.resource_type = "user";

  auto with_action = [](http::RouteOptions o, const char* action) {
    o.audit_action = action;
    return o;
  };
  router.add(
      http::Verb::post, "/api/v1/auth/register",
      [&ctx](Request& req) { return register_account(req, ctx); },
      with_action(strict_auth, "auth.register"));
  router.add(
      http::Verb::post, "/api/v1/auth/login", [&ctx](Request& req) { return login(req, ctx); },
      with_action(strict_auth, "auth.login"));

  http::RouteOptions cookie;
  cookie.cookie_auth = true;
  cookie.resource_type = "user";
  router.add(
      http::Verb::post, "/api/v1/auth/refresh", [&ctx](Request& req) { return refresh(req, ctx); },
      with_action(cookie, "auth.refresh"));
  router.add(
      http::Verb::post, "/api/v1/auth/logout", [&ctx](Request& req) { return logout(req, ctx); },
      with_action(cookie, "auth.logout"));
}

}  // namespace jm::api
