// The original service's data-protection paths, now real:
//   GET /api/gdpr/export/:user_id, DELETE /api/gdpr/delete/:user_id   (admin)
//   GET|POST /api/consent/:user_id, DELETE /api/consent/:user_id/:type (the person or an admin)
// Bodies keep the original's shapes ({success, ...}, snake_case).
#include "api/personal_data.hpp"
#include "api/routes.hpp"
#include "api/store_errors.hpp"
#include "domain/accounts/credentials_input.hpp"
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

Response unknown_user(const Request& req) {
  return http::error_response(req, Status::not_found, "not_found", "User not found", "user_id");
}

json legacy_consent(const store::ConsentRecord& c) {
  return {{"user_id", c.user_public_id},
          {"consent_type", c.consent_type},
          {"status", c.status},
          {"granted_at", format_iso8601_ms(c.recorded_at_ms)},
          {"withdrawn_at",
           c.withdrawn_at_ms ? json(format_iso8601_ms(*c.withdrawn_at_ms)) : json(nullptr)},
          {"ip_address", c.ip},
          {"user_agent", c.user_agent}};
}

Awaitable export_user(Request& req, Context& ctx) {
  auto data = ctx.store.collect_personal_data(req.param("user_id"));
  if (!data) co_return unknown_user(req);
  auto now = ctx.clock.now_ms();
  co_return http::json_response(req, Status::ok,
                                {{"success", true},
                                 {"data", domain::legacy_export_data(*data, now)},
                                 {"exported_at", format_iso8601_ms(now)}});
}

Awaitable delete_user(Request& req, Context& ctx) {
  auto outcome = co_await erase_person(req, ctx, req.param("user_id"));
  if (!outcome) co_return unknown_user(req);
  if (outcome->error) co_return store_error_response(req, outcome->error);
  co_return http::json_response(req, Status::ok,
                                {{"success", true},
                                 {"message", "User data has been anonymized"},
                                 {"deletion_id", outcome->deletion_id},
                                 {"processed_at", format_iso8601_ms(ctx.clock.now_ms())}});
}

Awaitable list_consents(Request& req, Context& ctx) {
  const auto& id = req.param("user_id");
  if (!ctx.store.find_user_by_public_id(id)) co_return unknown_user(req);
  json list = json::array();
  for (const auto& c : ctx.store.consents(id, true)) list.push_back(legacy_consent(c));
  co_return http::json_response(req, Status::ok, {{"success", true}, {"consents", list}});
}

Awaitable post_consent(Request& req, Context& ctx) {
  const auto& id = req.param("user_id");
  const json* body = req.json && req.json->is_object() ? &*req.json : nullptr;
  if (!body || !body->contains("consent_type") || !(*body)["consent_type"].is_string() ||
      !domain::is_consent_type((*body)["consent_type"].get<std::string>())) {
    co_return http::error_response(
        req, Status::bad_request, "invalid_field",
        "consent_type must be one of essential, analytics, marketing, third_party", "consent_type");
  }
  if (!body->contains("granted") || !(*body)["granted"].is_boolean()) {
    co_return http::error_response(req, Status::bad_request, "invalid_field",
                                   "granted must be true or false", "granted");
  }
  if (!ctx.store.find_user_by_public_id(id)) co_return unknown_user(req);
  auto type = (*body)["consent_type"].get<std::string>();
  auto [record, error] = co_await record_consent(
      req, ctx, id, type, (*body)["granted"].get<bool>() ? "granted" : "denied");
  if (error) co_return store_error_response(req, error);
  co_return http::json_response(req, Status::ok,
                                {{"success", true}, {"consent", legacy_consent(record)}});
}

Awaitable revoke_consent(Request& req, Context& ctx) {
  const auto& id = req.param("user_id");
  const auto& type = req.param("type");
  if (!domain::is_consent_type(type)) {
    co_return http::error_response(req, Status::bad_request, "invalid_field",
                                   "Unknown consent type", "type");
  }
  if (!ctx.store.find_user_by_public_id(id)) co_return unknown_user(req);
  auto [record, error] = co_await record_consent(req, ctx, id, type, "revoked");
  if (error) co_return store_error_response(req, error);
  co_return http::json_response(req, Status::ok,
                                {{"success", true}, {"consent", legacy_consent(record)}});
}

}  // namespace

void register_gdpr_routes(http::Router& router, Context& ctx) {
  auto options = [](http::Access access, const char* action, const char* rate_class) {
    http::RouteOptions o;
    o.error_style = http::ErrorStyle::legacy;
    o.access = access;
    o.rate_class = rate_class;
    o.audit_action = action;
    o.resource_type = "user";
    o.resource_param = "user_id";
    o.audit_reads = true;
    return o;
  };
  using http::Access;
  using http::Verb;
  router.add(
      Verb::get, "/api/gdpr/export/:user_id",
      [&ctx](Request& req) { return export_user(req, ctx); },
      options(Access::admin, "gdpr.export", "gdpr_export"));
  router.add(
      Verb::delete_, "/api/gdpr/delete/:user_id",
      [&ctx](Request& req) { return delete_user(req, ctx); },
      options(Access::admin, "gdpr.delete", "gdpr_delete"));
  router.add(
      Verb::get, "/api/consent/:user_id", [&ctx](Request& req) { return list_consents(req, ctx); },
      options(Access::self_or_admin, "consent.read", "consent_read"));
  router.add(
      Verb::post, "/api/consent/:user_id", [&ctx](Request& req) { return post_consent(req, ctx); },
      options(Access::self_or_admin, "consent.update", "consent_write"));
  router.add(
      Verb::delete_, "/api/consent/:user_id/:type",
      [&ctx](Request& req) { return revoke_consent(req, ctx); },
      options(Access::self_or_admin, "consent.revoke", "consent_delete"));
}

}  // namespace jm::api
