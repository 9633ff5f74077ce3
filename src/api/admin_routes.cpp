// Admin reads of the audit log: GET /api/v1/admin/audit (filters + pagination) and the
// original's GET /admin/security-logs (limit/offset/severity).
#include <variant>

#include "api/report_params.hpp"
#include "api/routes.hpp"
#include "domain/gdpr/export_document.hpp"
#include "http/errors.hpp"
#include "util/time_format.hpp"

namespace jm::api {

namespace {

using http::Request;
using http::Response;
using http::Status;
using json = nlohmann::json;
using Awaitable = boost::asio::awaitable<Response>;

constexpr int kMaxLimit = 200;

std::variant<std::int64_t, Response> time_param(const Request& req, const char* name) {
  auto raw = req.query_param(name);
  if (!raw || raw->empty()) return std::int64_t{0};
  if (auto ms = parse_iso8601_ms(*raw)) return *ms;
  return http::error_response(req, Status::bad_request, "invalid_field",
                              std::string(name) + " must be an ISO-8601 time", name);
}

json page_json(const store::AuditPage& page, int limit, int offset) {
  json entries = json::array();
  for (const auto& e : page.entries) entries.push_back(domain::audit_json(e));
  return {
      {"entries", std::move(entries)}, {"total", page.total}, {"limit", limit}, {"offset", offset}};
}

Awaitable audit(Request& req, Context& ctx) {
  auto limit = int_query(req, "limit", 50, 1, kMaxLimit);
  if (auto* r = std::get_if<Response>(&limit)) co_return std::move(*r);
  auto offset = int_query(req, "offset", 0, 0, 10'000'000);
  if (auto* r = std::get_if<Response>(&offset)) co_return std::move(*r);
  auto from = time_param(req, "from");
  if (auto* r = std::get_if<Response>(&from)) co_return std::move(*r);
  auto to = time_param(req, "to");
  if (auto* r = std::get_if<Response>(&to)) co_return std::move(*r);

  store::AuditQuery query;
  query.actor = req.query_param("actor").value_or("");
  query.action = req.query_param("action").value_or("");
  query.resource_type = req.query_param("resourceType").value_or("");
  query.resource_id = req.query_param("resourceId").value_or("");
  query.since_ms = std::get<std::int64_t>(from);
  query.until_ms = std::get<std::int64_t>(to);
  query.limit = std::get<int>(limit);
  query.offset = std::get<int>(offset);
  co_return http::json_response(
      req, Status::ok, page_json(ctx.store.audit_entries(query), query.limit, query.offset));
}

// The original's shape: {success, logs:[...], pagination:{limit, offset, total}}.
Awaitable security_logs(Request& req, Context& ctx) {
  auto limit = int_query(req, "limit", 50, 1, kMaxLimit);
  if (auto* r = std::get_if<Response>(&limit)) co_return std::move(*r);
  auto offset = int_query(req, "offset", 0, 0, 10'000'000);
  if (auto* r = std::get_if<Response>(&offset)) co_return std::move(*r);
  auto severity = req.query_param("severity").value_or("");
  if (!severity.empty() && severity != "info" && severity != "warning" && severity != "error") {
    co_return http::error_response(req, Status::bad_request, "invalid_field",
                                   "severity must be info, warning or error", "severity");
  }
  store::AuditQuery query;
  query.limit = std::get<int>(limit);
  query.offset = std::get<int>(offset);
  auto page = ctx.store.audit_entries(query);
  json logs = json::array();
  for (const auto& e : page.entries) {
    auto level = e.status >= 500 ? "error" : e.status >= 400 ? "warning" : "info";
    if (!severity.empty() && severity != level) continue;
    auto item = domain::audit_json(e);
    item["severity"] = level;
    logs.push_back(std::move(item));
  }
  co_return http::json_response(
      req, Status::ok,
      {{"success", true},
       {"logs", std::move(logs)},
       {"pagination", {{"limit", query.limit}, {"offset", query.offset}, {"total", page.total}}}});
}

}  // namespace

void register_admin_routes(http::Router& router, Context& ctx) {
  http::RouteOptions o;
  o.access = http::Access::admin;
  o.rate_class = "strict";
  o.resource_type = "audit_log";
  o.audit_action = "audit.read";
  router.add(
      http::Verb::get, "/api/v1/admin/audit", [&ctx](Request& req) { return audit(req, ctx); }, o);
  o.error_style = http::ErrorStyle::legacy;
  router.add(
      http::Verb::get, "/admin/security-logs",
      [&ctx](Request& req) { return security_logs(req, ctx); }, o);
}

}  // namespace jm::api
