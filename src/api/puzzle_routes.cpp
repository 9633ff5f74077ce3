// Read-only game pages: today's puzzle (metadata only), the archive, player-name
// autocomplete and the leaderboards.
#include "api/response_caching.hpp"
#include "api/routes.hpp"
#include "domain/game/calendar.hpp"
#include "domain/game/scoring.hpp"
#include "domain/game/state.hpp"
#include "domain/results/text_rules.hpp"
#include "http/errors.hpp"
#include "util/time_format.hpp"

namespace jm::api {

namespace {

using http::Request;
using http::Response;
using http::Status;
using json = nlohmann::json;
using Awaitable = boost::asio::awaitable<Response>;

constexpr std::size_t kMaxQueryChars = 64;
constexpr int kArchiveDays = 90;
constexpr int kHistoryLimit = 100;
constexpr std::int64_t kMsPerDay = 86'400'000;
constexpr std::int64_t kWeeklyBoardTtlMs = 5'000;

domain::DailySchedule schedule(const Context& ctx) {
  return domain::DailySchedule(ctx.catalog->careers().size());
}

// The body is the same for everyone (no per-player field): the puzzle of the day plus its
// aggregate statistics. Cached until the day rolls over (the key holds the puzzle number,
// the TTL ends at the reset) and invalidated by every finished daily game.
//
// Cache-Control: the puzzle itself would be good until the reset, but the statistics
// (players, solve rate) move with every finished game; a shared max-age of at most 60 s
// bounds how stale they look while letting browsers and proxies absorb the page's traffic,
// and it never reaches past the reset, so nobody is shown yesterday's puzzle. After it,
// the ETag makes revalidation a bodiless 304.
constexpr std::int64_t kDailyMaxAgeSeconds = 60;

Awaitable daily(Request& req, Context& ctx) {
  auto now = ctx.clock.now_ms();
  auto sched = schedule(ctx);
  int number = sched.today_number(now);
  if (number < 1 || ctx.catalog->careers().empty()) {
    co_return http::error_response(req, Status::not_found, "not_found", "No daily puzzle today");
  }
  auto resets_at = domain::DailySchedule::resets_at(now);
  auto max_age = std::min<std::int64_t>(kDailyMaxAgeSeconds, (resets_at - now) / 1000);
  infra::CachePolicy policy{"daily", {std::string(infra::cache_tags::kDaily)}, resets_at - now};
  co_return serve_cached(
      req, ctx, "daily?number=" + std::to_string(number), policy,
      "public, max-age=" + std::to_string(max_age), [&] {
        const auto& career = ctx.catalog->careers()[sched.career_for_number(number)];
        auto stats = ctx.store.daily_stats(number);
        json by_teams = json::array();
        for (auto [teams, games] : stats.solved_by_teams)
          by_teams.push_back({{"teams", teams}, {"games", games}});
        json body = {
            {"number", number},
            {"date", sched.date_for_number(number)},
            {"teamsTotal", career.stints.size()},
            {"resetsAt", format_iso8601_ms(resets_at)},
            {"players", stats.players},
            {"solveRate",
             stats.players ? json(static_cast<double>(stats.solved) / stats.players) : json()},
            {"solvedByTeams", by_teams}};
        return body.dump(-1, ' ', false, json::error_handler_t::replace);
      });
}

Awaitable archive(Request& req, Context& ctx) {
  auto sched = schedule(ctx);
  int today = sched.today_number(ctx.clock.now_ms());
  json days = json::array();
  for (int n = today - 1; n >= 1 && n > today - 1 - kArchiveDays; --n) {
    days.push_back({{"number", n}, {"date", sched.date_for_number(n)}});
  }
  co_return http::json_response(req, Status::ok, {{"days", days}});
}

Awaitable search(Request& req, Context& ctx) {
  auto q = req.query_param("q").value_or("");
  auto chars = domain::decode_utf8(q);
  if (!chars || chars->empty() || chars->size() > kMaxQueryChars) {
    co_return http::error_response(req, Status::bad_request, "invalid_field",
                                   "q must be 1 to 64 characters", "q");
  }
  json results = json::array();
  for (const auto& r : ctx.catalog->search().search(q)) {
    results.push_back({{"name", r.name}, {"from", r.from}, {"to", r.to ? json(*r.to) : json()}});
  }
  auto res = http::json_response(req, Status::ok, {{"results", results}});
  res.set(http::beast_http::field::cache_control, "public, max-age=3600");
  co_return res;
}

Awaitable leaderboard(Request& req, Context& ctx) {
  auto period = req.query_param("period").value_or("all");
  auto mode = req.query_param("mode").value_or("");
  auto now = ctx.clock.now_ms();
  store::LeaderboardQuery q;
  if (period == "daily") {
    q.since_ms = (now / kMsPerDay) * kMsPerDay;
  } else if (period == "weekly") {
    q.since_ms = now - 7 * kMsPerDay;
  } else if (period != "all") {
    co_return http::error_response(req, Status::bad_request, "invalid_field",
                                   "period must be daily, weekly or all", "period");
  }
  if (!mode.empty() && !domain::parse_mode(mode)) {
    co_return http::error_response(req, Status::bad_request, "invalid_field",
                                   "mode must be easy, challenge, daily or practice", "mode");
  }
  q.mode = mode;
  for (auto [name, target, max] :
       {std::tuple{"limit", &q.limit, 100}, std::tuple{"offset", &q.offset, 100000}}) {
    if (auto v = req.query_param(name)) {
      char* end = nullptr;
      long n = std::strtol(v->c_str(), &end, 10);
      if (v->empty() || *end != '\0' || n < (std::string(name) == "limit" ? 1 : 0) || n > max) {
        co_return http::error_response(req, Status::bad_request, "invalid_field",
                                       std::string(name) + " is out of range", name);
      }
      *target = static_cast<int>(n);
    }
  }
  // Keyed on the validated values, so every spelling of one query shares an entry. The
  // "all" board changes only when a game finishes (invalidation); "daily" also when the
  // day rolls over (its TTL ends at midnight UTC, the key's since_ms then moves on);
  // "weekly" is a sliding window that games leave as time passes, so it lives 5 s and may
  // be served stale for the moment one request refreshes it. Finished games invalidate
  // all of them at once.
  infra::CachePolicy policy{"leaderboard", {std::string(infra::cache_tags::kLeaderboard)}};
  if (period == "daily") {
    policy.ttl_ms = q.since_ms + kMsPerDay - now;
  } else if (period == "weekly") {
    policy.ttl_ms = kWeeklyBoardTtlMs;
    policy.stale_ok = true;
  }
  auto key = "leaderboard?period=" + period + "&mode=" + mode +
             "&limit=" + std::to_string(q.limit) + "&offset=" + std::to_string(q.offset) +
             (period == "daily" ? "&since=" + std::to_string(q.since_ms) : "");
  co_return serve_cached(req, ctx, key, policy, kRevalidate, [&] {
    json entries = json::array();
    int rank = q.offset;
    for (const auto& row : ctx.store.leaderboard(q)) {
      entries.push_back(
          {{"rank", ++rank},
           {"name", row.name},
           {"score", row.score},
           {"games", row.games},
           {"bestTimeSeconds", row.best_time_seconds ? json(*row.best_time_seconds) : json()}});
    }
    json body = {{"period", period}, {"mode", mode.empty() ? "all" : mode}, {"entries", entries}};
    return body.dump(-1, ' ', false, json::error_handler_t::replace);
  });
}

// The player id (returned when a game starts) is the capability to read this history
// until accounts arrive; it is an unguessable UUID and the answer holds no e-mail.
Awaitable history(Request& req, Context& ctx) {
  const auto& player_id = req.param("playerId");
  json games = json::array();
  for (const auto& row : ctx.store.player_history(player_id, kHistoryLimit)) {
    games.push_back(
        {{"gameId", row.game_id},
         {"mode", row.mode},
         {"score", row.score},
         {"solved", row.solved ? json(*row.solved) : json()},
         {"durationSeconds", row.duration_seconds ? json(*row.duration_seconds) : json()},
         {"puzzleNumber", row.puzzle_number ? json(*row.puzzle_number) : json()},
         {"finishedAt", format_iso8601_ms(row.finished_at_ms)}});
  }
  auto solved = ctx.store.solved_daily_numbers(player_id);
  auto streak = domain::daily_streak(solved, schedule(ctx).today_number(ctx.clock.now_ms()));
  co_return http::json_response(req, Status::ok,
                                {{"playerId", player_id},
                                 {"games", games},
                                 {"streak", {{"current", streak.current}, {"best", streak.best}}}});
}

}  // namespace

void register_puzzle_routes(http::Router& router, Context& ctx) {
  // Game-play reads (the name search runs while a player types): the generous game class.
  http::RouteOptions game{http::ErrorStyle::standard, http::Access::public_, "game"};
  auto add = [&](const char* path, Awaitable (*fn)(Request&, Context&)) {
    router.add(
        http::Verb::get, path, [&ctx, fn](Request& req) { return fn(req, ctx); }, game);
  };
  add("/api/v1/puzzles/daily", daily);
  add("/api/v1/puzzles/archive", archive);
  add("/api/v1/players/search", search);
  add("/api/v1/leaderboard", leaderboard);
  add("/api/v1/players/:playerId/history", history);
}

}  // namespace jm::api
