// POST /export-analytics (the original's path): validates the period, queues an
// analytics export job and answers 202 with the job to poll. The file is written by
// jobs/analytics_export_job.cpp and downloaded, until it expires, through
// GET /api/v1/jobs/:id(/download) by whoever asked (a person or an API key) or an admin.
#include "api/report_params.hpp"
#include "api/routes.hpp"
#include "api/store_errors.hpp"
#include "http/errors.hpp"
#include "jobs/standard_jobs.hpp"
#include "store/await.hpp"
#include "util/time_format.hpp"

namespace jm::api {

namespace {

using http::Request;
using http::Response;
using http::Status;
using json = nlohmann::json;
using Awaitable = boost::asio::awaitable<Response>;

Response invalid(const Request& req, const char* message, const char* field) {
  return http::error_response(req, Status::bad_request, "invalid_field", message, field);
}

// A string member, nullopt when absent; `wrong` is set when present but not a string.
std::optional<std::string> string_member(const json& body, const char* name, bool& wrong) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) {
    wrong = true;
    return std::nullopt;
  }
  return it->get<std::string>();
}

Awaitable export_analytics(Request& req, Context& ctx) {
  if (!req.json || !req.json->is_object()) {
    co_return invalid(req, "The body must be a JSON object", "body");
  }
  const json& body = *req.json;
  bool wrong = false;
  auto start = string_member(body, "startDate", wrong);
  if (wrong) co_return invalid(req, "startDate must be an ISO-8601 string", "startDate");
  auto end = string_member(body, "endDate", wrong);
  if (wrong) co_return invalid(req, "endDate must be an ISO-8601 string", "endDate");
  const auto now = ctx.clock.now_ms();
  auto period = report_period(req, start, end, now, 0, true);
  if (auto* r = std::get_if<Response>(&period)) co_return std::move(*r);

  auto game_type = string_member(body, "gameType", wrong);
  if (wrong) co_return invalid(req, "gameType must be a string", "gameType");
  auto mode = game_type_filter(req, game_type.value_or("all"));
  if (auto* r = std::get_if<Response>(&mode)) co_return std::move(*r);

  auto format = string_member(body, "format", wrong).value_or("csv");
  if (wrong || (format != "csv" && format != "json")) {
    co_return invalid(req, "format must be csv or json", "format");
  }
  bool include_email = false;
  if (auto it = body.find("includeEmail"); it != body.end() && !it->is_null()) {
    if (!it->is_boolean())
      co_return invalid(req, "includeEmail must be true or false", "includeEmail");
    include_email = it->get<bool>();
  }
  if (include_email && req.principal.role != "admin") {
    co_return http::error_response(req, Status::forbidden, "forbidden",
                                   "Only an admin may export e-mail addresses", "includeEmail");
  }

  const auto& p = std::get<ReportPeriod>(period);
  store::JobRecord job;
  job.kind = jobs::kAnalyticsExportJob;
  job.payload_json = json{
      {"since", p.since_ms},
      {"until", p.until_ms},
      {"mode", std::get<std::string>(mode)},
      {"format", format},
      {"includeEmail",
       include_email}}.dump();
  job.owner_public_id = req.principal.actor();
  job.run_after_ms = now;
  job.created_at_ms = now;
  using Result = std::pair<store::JobRecord, store::StoreError>;
  auto [queued, error] = co_await store::await_callback<Result>([&](auto done) {
    ctx.store.enqueue_job(std::move(job), [done](store::JobRecord j, store::StoreError e) {
      done(Result{std::move(j), e});
    });
  });
  if (error) co_return store_error_response(req, error);
  ctx.wake_jobs();
  req.audit.resource_id = queued.public_id;
  req.audit.details = {{"format", format},
                       {"includeEmail", include_email},
                       {"startDate", format_iso8601_ms(p.since_ms)},
                       {"endDate", format_iso8601_ms(p.until_ms)}};
  co_return http::json_response(
      req, Status::accepted,
      {{"success", true},
       {"exportKey", queued.public_id},
       {"statusUrl", "/api/v1/jobs/" + queued.public_id},
       {"message", "Export queued; poll statusUrl, then download the file before it expires"},
       {"timestamp", format_iso8601_ms(now)}});
}

}  // namespace

void register_analytics_export_routes(http::Router& router, Context& ctx) {
  http::RouteOptions o;
  o.error_style = http::ErrorStyle::legacy;
  o.access = http::Access::analyst;
  o.rate_class = "analytics";
  o.audit_action = "analytics.export";
  o.resource_type = "job";
  router.add(
      http::Verb::post, "/export-analytics",
      [&ctx](Request& req) { return export_analytics(req, ctx); }, o);
}

}  // namespace jm::api
