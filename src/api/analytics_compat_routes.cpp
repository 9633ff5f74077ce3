// The original service's analytics paths, computed from stored games:
//   GET /api/admin/stats (admin), GET /analytics/:gameType? (analyst),
//   GET /leaderboard/:gameType? (public), GET /trends/:gameType? (analyst),
//   GET /advanced-analytics/:gameType? (analyst), GET /player-progression/:email and
//   GET /player-profile/:email? (analyst).
// Bodies keep the original's shapes ({success, data, timestamp}); players appear only as
// the analytics pseudonym (or, on the public leaderboard, the name they play under).
#include "api/cpu_work.hpp"
#include "api/report_params.hpp"
#include "api/response_caching.hpp"
#include "api/routes.hpp"
#include "domain/reports/compat_reports.hpp"
#include "domain/results/text_rules.hpp"
#include "http/errors.hpp"
#include "security/pii_codec.hpp"
#include "store/report_pages.hpp"
#include "util/time_format.hpp"

namespace jm::api {

namespace {

using http::Request;
using http::Response;
using http::Status;
using json = nlohmann::json;
using Awaitable = boost::asio::awaitable<Response>;
namespace reports = domain::reports;

constexpr int kDefaultDays = 30;
constexpr std::int64_t kDayMs = 86'400'000;
constexpr std::int64_t kSlidingBoardTtlMs = 5'000;

json ok_body(Context& ctx, json data) {
  return {{"success", true},
          {"data", std::move(data)},
          {"timestamp", format_iso8601_ms(ctx.clock.now_ms())}};
}

reports::Pseudonym pseudonym_of(const Context& ctx) {
  return [secrets = ctx.secrets](std::string_view email) {
    return email.empty() ? std::string() : security::pseudonym(*secrets, email);
  };
}

// Folds every game of `query` into `report` (domain/reports) on the CPU pool: a long
// period is many page reads, which must not hold up an I/O thread. `query` and `report`
// are named locals of the calling handler (see cpu_work.hpp on GCC 12 and temporaries).
template <class Report>
boost::asio::awaitable<json> fold_games(Context& ctx, const store::ReportQuery& query,
                                        Report& report) {
  auto work = [&ctx, &query, &report] {
    store::for_each_report_game(ctx.store, query,
                                [&report](const store::ReportGame& g) { report.add(g); });
    return report.result();
  };
  co_return co_await on_cpu_pool<json>(*ctx.cpu_pool, work);
}

// The optional :gameType segment as a mode filter, or the 400.
std::variant<std::string, Response> mode_of(const Request& req) {
  return game_type_filter(req, req.param("gameType"));
}

// The player an e-mail in the path names, looked up through the blind index. The audit
// row names the pseudonym, never the address.
std::optional<store::UserRecord> player_by_email(Request& req, Context& ctx) {
  auto email = domain::normalise_email(req.param("email"));
  if (!email) return std::nullopt;
  req.audit.resource_id = security::pseudonym(*ctx.secrets, *email);
  return ctx.store.find_user_by_email(*email);
}

Response no_player(const Request& req) {
  return http::error_response(req, Status::not_found, "not_found", "Player not found", "email");
}

Awaitable admin_stats(Request& req, Context& ctx) {
  const auto now = ctx.clock.now_ms();
  const auto stats = ctx.store.operator_stats(day_start(now));
  const auto health = ctx.store.health();
  json accounts = {{"player", 0}, {"analyst", 0}, {"admin", 0}};
  for (const auto& [role, count] : stats.accounts_by_role) accounts[role] = count;
  json data = {
      {"games",
       {{"total", stats.games_total},
        {"today", stats.games_today},
        {"finished", stats.games_finished},
        {"active", stats.games_active}}},
      {"players", stats.players},
      {"accounts", accounts},
      {"jobs",
       {{"queued", stats.jobs_queued},
        {"running", stats.jobs_running},
        {"failed", stats.jobs_failed}}},
      {"store", {{"healthy", health.ok}, {"detail", health.detail}}},
      {"uptimeSeconds", (now - ctx.started_at_ms) / 1000},
  };
  co_return http::json_response(req, Status::ok, ok_body(ctx, std::move(data)));
}

Awaitable analytics(Request& req, Context& ctx) {
  auto mode = mode_of(req);
  if (auto* r = std::get_if<Response>(&mode)) co_return std::move(*r);
  const auto now = ctx.clock.now_ms();
  auto period = report_period(req, req.query_param("startDate"), req.query_param("endDate"), now,
                              kDefaultDays);
  if (auto* r = std::get_if<Response>(&period)) co_return std::move(*r);
  store::ReportQuery query;
  query.since_ms = std::get<ReportPeriod>(period).since_ms;
  query.until_ms = std::get<ReportPeriod>(period).until_ms;
  query.mode = std::get<std::string>(mode);
  reports::AnalyticsSummary report(day_start(now));
  auto data = co_await fold_games(ctx, query, report);
  co_return http::json_response(req, Status::ok, ok_body(ctx, std::move(data)));
}

Awaitable leaderboard(Request& req, Context& ctx) {
  auto mode = mode_of(req);
  if (auto* r = std::get_if<Response>(&mode)) co_return std::move(*r);
  auto limit = int_query(req, "limit", 10, 1, 100);
  if (auto* r = std::get_if<Response>(&limit)) co_return std::move(*r);
  auto offset = int_query(req, "offset", 0, 0, 1'000'000);
  if (auto* r = std::get_if<Response>(&offset)) co_return std::move(*r);
  store::CompatLeaderboardQuery query;
  query.since_ms = ctx.clock.now_ms() - kDefaultDays * kDayMs;
  query.mode = std::get<std::string>(mode);
  query.limit = std::get<int>(limit);
  query.offset = std::get<int>(offset);
  // A sliding 30-day window, like the weekly board: finished games invalidate it at once,
  // games leaving the window are picked up within the 5 s TTL (served stale while one
  // request refreshes it). Keyed on the validated values.
  infra::CachePolicy policy{"leaderboard", {std::string(infra::cache_tags::kLeaderboard)}};
  policy.ttl_ms = kSlidingBoardTtlMs;
  policy.stale_ok = true;
  auto key = "compat-leaderboard?mode=" + query.mode + "&limit=" + std::to_string(query.limit) +
             "&offset=" + std::to_string(query.offset);
  co_return serve_cached(req, ctx, key, policy, kRevalidate, [&] {
    json rows = json::array();
    int rank = query.offset;
    for (const auto& row : ctx.store.compat_leaderboard(query)) {
      rows.push_back({{"rank", ++rank},
                      {"player_name", row.name},
                      {"name", row.name},
                      {"best_score", row.best_score},
                      {"fastest_time",
                       row.fastest_time_seconds ? json(*row.fastest_time_seconds) : json(nullptr)},
                      {"games_played", row.games_played},
                      {"last_played", format_iso8601_ms(row.last_played_ms)}});
    }
    return ok_body(ctx, std::move(rows)).dump(-1, ' ', false, json::error_handler_t::replace);
  });
}

Awaitable trends(Request& req, Context& ctx) {
  auto mode = mode_of(req);
  if (auto* r = std::get_if<Response>(&mode)) co_return std::move(*r);
  auto period = reports::parse_period(req.query_param("period").value_or("day"));
  if (!period) {
    co_return http::error_response(req, Status::bad_request, "invalid_field",
                                   "period must be day, week or month", "period");
  }
  const auto now = ctx.clock.now_ms();
  store::ReportQuery query;
  query.since_ms = reports::trends_since(*period, now);
  query.mode = std::get<std::string>(mode);
  reports::Trends report(*period, now);
  auto data = co_await fold_games(ctx, query, report);
  co_return http::json_response(req, Status::ok, ok_body(ctx, std::move(data)));
}

Awaitable advanced(Request& req, Context& ctx) {
  auto mode = mode_of(req);
  if (auto* r = std::get_if<Response>(&mode)) co_return std::move(*r);
  auto period = report_period(req, req.query_param("startDate"), req.query_param("endDate"),
                              ctx.clock.now_ms(), kDefaultDays);
  if (auto* r = std::get_if<Response>(&period)) co_return std::move(*r);
  store::ReportQuery query;
  query.since_ms = std::get<ReportPeriod>(period).since_ms;
  query.until_ms = std::get<ReportPeriod>(period).until_ms;
  query.mode = std::get<std::string>(mode);
  reports::AdvancedAnalytics report;
  auto data = co_await fold_games(ctx, query, report);
  co_return http::json_response(req, Status::ok, ok_body(ctx, std::move(data)));
}

Awaitable progression(Request& req, Context& ctx) {
  auto user = player_by_email(req, ctx);
  if (!user) co_return no_player(req);
  store::ReportQuery query;
  query.player_id = user->public_id;
  reports::Progression report;
  auto body = ok_body(ctx, co_await fold_games(ctx, query, report));
  body["playerId"] = security::pseudonym(*ctx.secrets, user->email);
  co_return http::json_response(req, Status::ok, body);
}

Awaitable profile(Request& req, Context& ctx) {
  const auto pseudonym = pseudonym_of(ctx);
  store::PlayerSummaryQuery query;
  const bool one = !req.param("email").empty();
  if (one) {
    auto user = player_by_email(req, ctx);
    if (!user) co_return no_player(req);
    query.player_id = user->public_id;
  } else {
    auto limit = int_query(req, "limit", 50, 1, 200);
    if (auto* r = std::get_if<Response>(&limit)) co_return std::move(*r);
    auto offset = int_query(req, "offset", 0, 0, 10'000'000);
    if (auto* r = std::get_if<Response>(&offset)) co_return std::move(*r);
    query.limit = std::get<int>(limit);
    query.offset = std::get<int>(offset);
  }
  auto page = ctx.store.player_summaries(query);
  if (one) {
    if (page.players.empty()) co_return no_player(req);
    co_return http::json_response(req, Status::ok,
                                  ok_body(ctx, reports::profile(page.players.front(), pseudonym)));
  }
  json list = json::array();
  for (const auto& p : page.players) list.push_back(reports::profile(p, pseudonym));
  auto body = ok_body(ctx, std::move(list));
  body["pagination"] = {{"limit", query.limit}, {"offset", query.offset}, {"total", page.total}};
  co_return http::json_response(req, Status::ok, body);
}

}  // namespace

void register_analytics_compat_routes(http::Router& router, Context& ctx) {
  auto options = [](http::Access access, const char* action, const char* rate_class) {
    http::RouteOptions o;
    o.error_style = http::ErrorStyle::legacy;
    o.access = access;
    o.rate_class = rate_class;
    o.audit_action = action;
    o.resource_type = "analytics";
    return o;
  };
  using http::Access;
  using http::Verb;
  auto add_both = [&](const std::string& base, auto handler, http::RouteOptions o) {
    router.add(Verb::get, base, handler, o);
    router.add(Verb::get, base + "/:gameType", handler, o);
  };
  // The original's path, but an /api/ admin route: our error shape, the admin rate class.
  auto stats_options = options(Access::admin, "admin.stats", "strict");
  stats_options.error_style = http::ErrorStyle::standard;
  router.add(
      Verb::get, "/api/admin/stats", [&ctx](Request& req) { return admin_stats(req, ctx); },
      stats_options);
  add_both(
      "/analytics", [&ctx](Request& req) { return analytics(req, ctx); },
      options(Access::analyst, "analytics.read", "analytics"));
  add_both(
      "/leaderboard", [&ctx](Request& req) { return leaderboard(req, ctx); },
      options(Access::public_, "leaderboard.read", "game"));
  add_both(
      "/trends", [&ctx](Request& req) { return trends(req, ctx); },
      options(Access::analyst, "analytics.trends", "analytics"));
  add_both(
      "/advanced-analytics", [&ctx](Request& req) { return advanced(req, ctx); },
      options(Access::analyst, "analytics.advanced", "analytics"));
  router.add(
      Verb::get, "/player-progression/:email",
      [&ctx](Request& req) { return progression(req, ctx); },
      options(Access::analyst, "analytics.progression", "analytics"));
  auto profile_handler = [&ctx](Request& req) { return profile(req, ctx); };
  router.add(Verb::get, "/player-profile", profile_handler,
             options(Access::analyst, "analytics.profile", "analytics"));
  router.add(Verb::get, "/player-profile/:email", profile_handler,
             options(Access::analyst, "analytics.profile", "analytics"));
}

}  // namespace jm::api
