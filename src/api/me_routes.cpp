// Self-service for a signed-in person: GET /api/v1/me, GET /api/v1/me/export,
// DELETE /api/v1/me, GET|PUT /api/v1/me/consents, GET /api/v1/jobs/:id(/download).
#include <fmt/format.h>

#include "api/auth_session.hpp"
#include "api/personal_data.hpp"
#include "api/routes.hpp"
#include "api/store_errors.hpp"
#include "domain/accounts/credentials_input.hpp"
#include "domain/gdpr/export_document.hpp"
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

Response gone_account(const Request& req) {
  return http::error_response(req, Status::unauthorized, "invalid_token",
                              "This account no longer exists");
}

Response export_download(const Request& req, const json& document, const std::string& name) {
  auto res = http::json_response(req, Status::ok, document);
  res.set(http::beast_http::field::content_disposition,
          fmt::format("attachment; filename=\"journeyman-export-{}.json\"", name));
  res.set(http::beast_http::field::cache_control, "no-store");
  return res;
}

// An analytics export's result is {"format":"csv","content":text} or
// {"format":"json","document":{...}} (jobs/analytics_export_job.hpp).
Response analytics_export_download(const Request& req, const json& result,
                                   const std::string& name) {
  if (result.value("format", "") != "csv") {
    return export_download(req, result.value("document", json::object()), name);
  }
  Response res{Status::ok, req.raw.version()};
  res.set(http::beast_http::field::content_type, "text/csv; charset=utf-8");
  res.body() = result.value("content", "");
  res.set(http::beast_http::field::content_disposition,
          fmt::format("attachment; filename=\"journeyman-analytics-{}.csv\"", name));
  res.set(http::beast_http::field::cache_control, "no-store");
  return res;
}

Awaitable me(Request& req, Context& ctx) {
  auto user = ctx.store.find_user_by_public_id(req.principal.id);
  if (!user) co_return gone_account(req);
  co_return http::json_response(req, Status::ok, {{"user", domain::user_json(*user)}});
}

Awaitable export_me(Request& req, Context& ctx) {
  auto data = ctx.store.collect_personal_data(req.principal.id);
  if (!data) co_return gone_account(req);
  domain::drop_unverified_history(*data);
  req.audit.resource_id = req.principal.id;
  if (static_cast<int>(data->games.size()) <= ctx.config.accounts.export_inline_max_games) {
    co_return export_download(req, domain::export_document(*data, ctx.clock.now_ms()),
                              data->user.public_id);
  }
  store::JobRecord job;
  job.kind = jobs::kExportJob;
  job.payload_json = json{{"userId", req.principal.id}}.dump();
  job.owner_public_id = req.principal.id;
  job.run_after_ms = ctx.clock.now_ms();
  job.created_at_ms = job.run_after_ms;
  using Result = std::pair<store::JobRecord, store::StoreError>;
  auto [queued, error] = co_await store::await_callback<Result>([&](auto done) {
    ctx.store.enqueue_job(std::move(job), [done](store::JobRecord j, store::StoreError e) {
      done(Result{std::move(j), e});
    });
  });
  if (error) co_return store_error_response(req, error);
  ctx.wake_jobs();
  req.audit.details = {{"jobId", queued.public_id}};
  co_return http::json_response(req, Status::accepted,
                                {{"job",
                                  {{"id", queued.public_id},
                                   {"status", queued.status},
                                   {"statusUrl", "/api/v1/jobs/" + queued.public_id}}}});
}

Awaitable delete_me(Request& req, Context& ctx) {
  const json* confirm = nullptr;
  if (req.json && req.json->is_object() && req.json->contains("confirm")) {
    confirm = &(*req.json)["confirm"];
  }
  if (!confirm || *confirm != "DELETE") {
    co_return http::error_response(req, Status::bad_request, "invalid_field",
                                   "Type DELETE to confirm", "confirm");
  }
  auto outcome = co_await erase_person(req, ctx, req.principal.id);
  if (!outcome) co_return gone_account(req);
  if (outcome->error) co_return store_error_response(req, outcome->error);
  auto res = http::json_response(req, Status::ok,
                                 {{"deleted", true}, {"deletionId", outcome->deletion_id}});
  clear_session_cookies(ctx, res);
  co_return res;
}

Awaitable get_consents(Request& req, Context& ctx) {
  if (!ctx.store.find_user_by_public_id(req.principal.id)) co_return gone_account(req);
  co_return http::json_response(req, Status::ok,
                                {{"consents", current_consents(ctx, req.principal.id)}});
}

Awaitable put_consents(Request& req, Context& ctx) {
  if (!req.json || !req.json->is_object()) {
    co_return http::error_response(req, Status::bad_request, "invalid_field",
                                   "Body must be an object of consent type → true/false", "body");
  }
  std::vector<std::pair<std::string, bool>> changes;
  for (const auto& [type, value] : req.json->items()) {
    if (type == "essential") {
      co_return http::error_response(req, Status::bad_request, "invalid_field",
                                     "Essential processing cannot be switched off", "essential");
    }
    if (!domain::is_consent_type(type)) {
      co_return http::error_response(req, Status::bad_request, "invalid_field",
                                     "Unknown consent type", type);
    }
    if (!value.is_boolean()) {
      co_return http::error_response(req, Status::bad_request, "invalid_field",
                                     "Must be true or false", type);
    }
    changes.emplace_back(type, value.get<bool>());
  }
  if (!ctx.store.find_user_by_public_id(req.principal.id)) co_return gone_account(req);
  for (const auto& [type, granted] : changes) {
    auto [record, error] =
        co_await record_consent(req, ctx, req.principal.id, type, granted ? "granted" : "denied");
    if (error) co_return store_error_response(req, error);
  }
  req.audit.details = {{"changes", *req.json}};
  co_return http::json_response(req, Status::ok,
                                {{"consents", current_consents(ctx, req.principal.id)}});
}

// A job is visible to its owner and to admins; to anyone else it does not exist. The
// owner is the principal's actor: a person's public id, or "apikey:<key id>" for a job
// an API key queued (analytics exports).
std::optional<store::JobRecord> visible_job(const Request& req, Context& ctx) {
  auto job = ctx.store.find_job(req.param("id"));
  if (!job) return std::nullopt;
  if (job->owner_public_id != req.principal.actor() && req.principal.role != "admin") {
    return std::nullopt;
  }
  return job;
}

Response no_job(const Request& req) {
  return http::error_response(req, Status::not_found, "not_found", "No such job", "id");
}

Awaitable job_status(Request& req, Context& ctx) {
  auto job = visible_job(req, ctx);
  if (!job) co_return no_job(req);
  json body = {{"id", job->public_id}, {"kind", job->kind}, {"status", job->status}};
  if (job->status == "done") {
    body["downloadUrl"] = "/api/v1/jobs/" + job->public_id + "/download";
    if (job->expires_at_ms) body["expiresAt"] = format_iso8601_ms(*job->expires_at_ms);
  }
  if (job->status == "failed") body["error"] = job->last_error;
  co_return http::json_response(req, Status::ok, body);
}

Awaitable job_download(Request& req, Context& ctx) {
  auto job = visible_job(req, ctx);
  if (!job) co_return no_job(req);
  if (job->status != "done") {
    co_return http::error_response(req, Status::conflict, "not_ready",
                                   "The job has not finished yet");
  }
  if (!job->expires_at_ms || *job->expires_at_ms <= ctx.clock.now_ms() ||
      job->result_json.empty()) {
    co_return http::error_response(req, Status::gone, "expired",
                                   "This download has expired; request a new export");
  }
  auto document = json::parse(job->result_json, nullptr, false);
  if (document.is_discarded()) throw std::runtime_error("job result is not JSON");
  if (job->kind == jobs::kAnalyticsExportJob) {
    co_return analytics_export_download(req, document, job->public_id);
  }
  co_return export_download(req, document, job->public_id);
}

}  // namespace

void register_me_routes(http::Router& router, Context& ctx) {
  auto options = [](const char* action, const char* rate_class) {
    http::RouteOptions o;
    o.access = http::Access::player;
    o.rate_class = rate_class;
    o.audit_action = action;
    o.resource_type = "user";
    return o;
  };
  router.add(
      http::Verb::get, "/api/v1/me", [&ctx](Request& req) { return me(req, ctx); },
      options("me.read", "general"));
  auto export_options = options("gdpr.export", "gdpr_export");
  export_options.audit_reads = true;
  router.add(
      http::Verb::get, "/api/v1/me/export", [&ctx](Request& req) { return export_me(req, ctx); },
      export_options);
  router.add(
      http::Verb::delete_, "/api/v1/me", [&ctx](Request& req) { return delete_me(req, ctx); },
      options("gdpr.delete", "gdpr_delete"));
  router.add(
      http::Verb::get, "/api/v1/me/consents",
      [&ctx](Request& req) { return get_consents(req, ctx); },
      options("consent.read", "consent_read"));
  router.add(
      http::Verb::put, "/api/v1/me/consents",
      [&ctx](Request& req) { return put_consents(req, ctx); },
      options("consent.update", "consent_write"));

  auto job_options = options("job.read", "general");
  job_options.access = http::Access::authenticated;  // analysts' API keys read their exports
  job_options.resource_type = "job";
  job_options.resource_param = "id";
  router.add(
      http::Verb::get, "/api/v1/jobs/:id", [&ctx](Request& req) { return job_status(req, ctx); },
      job_options);
  job_options.audit_action = "job.download";
  job_options.audit_reads = true;
  router.add(
      http::Verb::get, "/api/v1/jobs/:id/download",
      [&ctx](Request& req) { return job_download(req, ctx); }, job_options);
}

}  // namespace jm::api
