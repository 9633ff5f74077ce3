// GET /api/v1/analytics/summary|timeseries|careers|funnel (analyst or admin): figures
// read from the aggregate tables the game writes keep current (store/analytics_types.hpp),
// shaped as in the analytics contract. Validation errors name the field.
#include <functional>
#include <optional>
#include <string>
#include <variant>

#include "api/report_params.hpp"
#include "api/response_caching.hpp"
#include "api/routes.hpp"
#include "domain/analytics/date_range.hpp"
#include "domain/analytics/metrics.hpp"
#include "http/errors.hpp"
#include "util/civil_time.hpp"
#include "util/time_format.hpp"

namespace jm::api {

namespace {

using domain::analytics::DateRange;
using domain::analytics::FieldError;
using domain::analytics::Metrics;
using http::Request;
using http::Response;
using http::Status;
using json = nlohmann::json;
using Awaitable = boost::asio::awaitable<Response>;

Response field_error(const Request& req, const FieldError& e) {
  return http::error_response(req, Status::bad_request, "invalid_field", e.message, e.field);
}

std::variant<DateRange, Response> range_of(const Request& req, const Context& ctx) {
  auto parsed = domain::analytics::parse_range(req.query_param("from"), req.query_param("to"),
                                               req.query_param("mode"), day_of(ctx.clock.now_ms()));
  if (auto* e = std::get_if<FieldError>(&parsed)) return field_error(req, *e);
  return std::get<DateRange>(parsed);
}

// Analyst-only figures: cached per validated query, `private` to the analyst's browser.
// Finished games and reported games invalidate them (api/response_caching.hpp); a game
// that only started does not, so entries also expire after a few seconds (served stale
// while one request refreshes them).
constexpr std::int64_t kAnalyticsTtlMs = 5'000;

Response cached(const Request& req, Context& ctx, const std::string& key,
                const std::function<json()>& compute) {
  infra::CachePolicy policy{"analytics", {std::string(infra::cache_tags::kAnalytics)}};
  policy.ttl_ms = kAnalyticsTtlMs;
  policy.stale_ok = true;
  return serve_cached(req, ctx, "analytics/" + key, policy, kPrivateRevalidate, [&] {
    return compute().dump(-1, ' ', false, json::error_handler_t::replace);
  });
}

std::string range_key(const DateRange& r) {
  return std::to_string(r.from_day) + ":" + std::to_string(r.to_day) + ":" + r.mode;
}

store::DailyQuery daily_query(const DateRange& r) {
  return {r.from_day, r.to_day, r.mode};
}

json range_json(const DateRange& r) {
  return {{"from", domain::analytics::format_date(r.from_day)},
          {"to", domain::analytics::format_date(r.to_day)},
          {"mode", r.mode.empty() ? json(nullptr) : json(r.mode)}};
}

// The per-mode figures of the summary; the summary and the days add to them.
json metrics_json(const Metrics& m) {
  return {{"gamesStarted", m.started},
          {"gamesFinished", m.finished},
          {"gamesSolved", m.solved},
          {"completionRate", m.completion_rate()},
          {"solveRate", m.solve_rate()},
          {"accuracy", m.accuracy()},
          {"averageDuration", m.average_duration()},
          {"p50Duration", m.p50_duration()},
          {"p90Duration", m.p90_duration()},
          {"shares", m.shares}};
}

Awaitable summary(Request& req, Context& ctx) {
  auto range = range_of(req, ctx);
  if (auto* r = std::get_if<Response>(&range)) co_return std::move(*r);
  const auto& dr = std::get<DateRange>(range);
  co_return cached(req, ctx, "summary?" + range_key(dr), [&] {
    const auto rows = ctx.store.daily_aggregates(daily_query(dr));
    const auto s = domain::analytics::summarise(rows);
    json body = range_json(dr);
    body.update(metrics_json(s.total));
    body["players"] = ctx.store.count_active_players(daily_query(dr));
    json modes = json::array();
    for (const auto& [mode, m] : s.by_mode) {
      json item = {{"mode", mode}};
      item.update(metrics_json(m));
      modes.push_back(std::move(item));
    }
    body["byMode"] = std::move(modes);
    body["generatedAt"] = format_iso8601_ms(ctx.clock.now_ms());
    return body;
  });
}

Awaitable timeseries(Request& req, Context& ctx) {
  auto range = range_of(req, ctx);
  if (auto* r = std::get_if<Response>(&range)) co_return std::move(*r);
  const auto& dr = std::get<DateRange>(range);
  co_return cached(req, ctx, "timeseries?" + range_key(dr), [&] {
    const auto rows = ctx.store.daily_aggregates(daily_query(dr));
    json days = json::array();
    for (const auto& [day, m] : domain::analytics::per_day(rows, dr.from_day, dr.to_day)) {
      json item = metrics_json(m);
      item.erase("solveRate");  // not in the contract's day shape
      item["date"] = domain::analytics::format_date(day);
      days.push_back(std::move(item));
    }
    json body = range_json(dr);
    body["days"] = std::move(days);
    return body;
  });
}

Awaitable funnel(Request& req, Context& ctx) {
  auto range = range_of(req, ctx);
  if (auto* r = std::get_if<Response>(&range)) co_return std::move(*r);
  const auto& dr = std::get<DateRange>(range);
  co_return cached(req, ctx, "funnel?" + range_key(dr), [&] {
    const auto total =
        domain::analytics::summarise(ctx.store.daily_aggregates(daily_query(dr))).total;
    json body = range_json(dr);
    body["steps"] = json::array({{{"step", "started"}, {"count", total.started}},
                                 {{"step", "finished"}, {"count", total.finished}},
                                 {{"step", "solved"}, {"count", total.solved}},
                                 {{"step", "shared"}, {"count", total.shares}}});
    return body;
  });
}

Awaitable careers(Request& req, Context& ctx) {
  store::CareerQuery query;
  const std::string sort = req.query_param("sort").value_or("hardest");
  if (sort == "most_shown") {
    query.sort = store::CareerSort::most_shown;
  } else if (sort == "easiest") {
    query.sort = store::CareerSort::easiest;
  } else if (sort != "hardest") {
    co_return field_error(req, {"sort", "sort must be hardest, most_shown or easiest"});
  }
  auto limit = int_query(req, "limit", 20, 1, 100);
  if (auto* r = std::get_if<Response>(&limit)) co_return std::move(*r);
  auto offset = int_query(req, "offset", 0, 0, 10'000'000);
  if (auto* r = std::get_if<Response>(&offset)) co_return std::move(*r);
  auto min_shown = int_query(req, "minShown", 5, 0, 1'000'000'000);
  if (auto* r = std::get_if<Response>(&min_shown)) co_return std::move(*r);
  query.limit = std::get<int>(limit);
  query.offset = std::get<int>(offset);
  query.min_shown = std::get<int>(min_shown);

  const auto key = "careers?" + sort + ":" + std::to_string(query.limit) + ":" +
                   std::to_string(query.offset) + ":" + std::to_string(query.min_shown);
  co_return cached(req, ctx, key, [&] {
    const auto page = ctx.store.career_aggregates(query);
    json items = json::array();
    for (const auto& c : page.items) {
      const auto shown = static_cast<double>(c.shown);
      items.push_back(
          {{"nflPlayerId", c.nfl_player_id},
           {"name", c.name},
           {"teams", c.teams},
           {"timesShown", c.shown},
           {"timesSolved", c.solved},
           {"solveRate", domain::analytics::ratio(static_cast<double>(c.solved), shown)},
           {"meanGuesses", domain::analytics::ratio(static_cast<double>(c.guess_sum), shown)},
           {"meanTeamsNeeded", c.solved > 0 ? json(static_cast<double>(c.teams_solved_sum) /
                                                   static_cast<double>(c.solved))
                                            : json(nullptr)}});
    }
    return json{{"items", std::move(items)},
                {"total", page.total},
                {"limit", query.limit},
                {"offset", query.offset},
                {"sort", sort}};
  });
}

}  // namespace

void register_analytics_routes(http::Router& router, Context& ctx) {
  http::RouteOptions o;
  o.access = http::Access::analyst;
  o.rate_class = "analytics";
  o.resource_type = "analytics";
  router.add(
      http::Verb::get, "/api/v1/analytics/summary",
      [&ctx](Request& req) { return summary(req, ctx); }, o);
  router.add(
      http::Verb::get, "/api/v1/analytics/timeseries",
      [&ctx](Request& req) { return timeseries(req, ctx); }, o);
  router.add(
      http::Verb::get, "/api/v1/analytics/careers",
      [&ctx](Request& req) { return careers(req, ctx); }, o);
  router.add(
      http::Verb::get, "/api/v1/analytics/funnel",
      [&ctx](Request& req) { return funnel(req, ctx); }, o);
}

}  // namespace jm::api
