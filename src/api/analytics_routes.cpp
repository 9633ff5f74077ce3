// GET /api/v1/analytics/summary|timeseries|careers|funnel (analyst or admin): figures
// read from the aggregate tables the game writes keep current (store/analytics_types.hpp),
// shaped as in the analytics contract. Validation errors name the field.
#include <optional>
#include <string>
#include <variant>

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
  co_return http::json_response(req, Status::ok, body);
}

Awaitable timeseries(Request& req, Context& ctx) {
  auto range = range_of(req, ctx);
  if (auto* r = std::get_if<Response>(&range)) co_return std::move(*r);
  const auto& dr = std::get<DateRange>(range);
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
  co_return http::json_response(req, Status::ok, body);
}

Awaitable funnel(Request& req, Context& ctx) {
  auto range = range_of(req, ctx);
  if (auto* r = std::get_if<Response>(&range)) co_return std::move(*r);
  const auto& dr = std::get<DateRange>(range);
  const auto total =
      domain::analytics::summarise(ctx.store.daily_aggregates(daily_query(dr))).total;
  json body = range_json(dr);
  body["steps"] = json::array({{{"step", "started"}, {"count", total.started}},
                               {{"step", "finished"}, {"count", total.finished}},
                               {{"step", "solved"}, {"count", total.solved}},
                               {{"step", "shared"}, {"count", total.shares}}});
  co_return http::json_response(req, Status::ok, body);
}

// An integer query parameter within [min, max], or the 400 naming it.
std::variant<int, Response> int_param(const Request& req, const char* name, int fallback, int min,
                                      int max) {
  auto raw = req.query_param(name);
  if (!raw) return fallback;
  try {
    std::size_t used = 0;
    const int value = std::stoi(*raw, &used);
    if (used == raw->size() && value >= min && value <= max) return value;
  } catch (const std::exception&) {
  }
  return field_error(req, {name, std::string(name) + " must be an integer from " +
                                     std::to_string(min) + " to " + std::to_string(max)});
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
  auto limit = int_param(req, "limit", 20, 1, 100);
  if (auto* r = std::get_if<Response>(&limit)) co_return std::move(*r);
  auto offset = int_param(req, "offset", 0, 0, 10'000'000);
  if (auto* r = std::get_if<Response>(&offset)) co_return std::move(*r);
  auto min_shown = int_param(req, "minShown", 5, 0, 1'000'000'000);
  if (auto* r = std::get_if<Response>(&min_shown)) co_return std::move(*r);
  query.limit = std::get<int>(limit);
  query.offset = std::get<int>(offset);
  query.min_shown = std::get<int>(min_shown);

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
  co_return http::json_response(req, Status::ok,
                                {{"items", std::move(items)},
                                 {"total", page.total},
                                 {"limit", query.limit},
                                 {"offset", query.offset},
                                 {"sort", sort}});
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
