// The original API's game-result paths: POST /api/game-data, /save-player and
// /batch-upload. Results arriving here are client-reported (source "client").
#include <fmt/format.h>

#include "api/response_caching.hpp"
#include "api/routes.hpp"
#include "api/store_errors.hpp"
#include "domain/results/game_report.hpp"
#include "http/errors.hpp"
#include "store/await.hpp"
#include "util/random_id.hpp"
#include "util/time_format.hpp"

namespace jm::api {

namespace {

using http::Request;
using http::Response;
using http::Status;
using json = nlohmann::json;
using Awaitable = boost::asio::awaitable<Response>;

constexpr std::size_t kMaxBatchItems = 500;
constexpr std::size_t kMaxUserAgentBytes = 512;

std::string mint_session_id(std::int64_t now_ms) {
  return fmt::format("journeyman_{}_{}", now_ms, random_hex(6));
}

// Validates one payload and stamps where it came from. A session id is minted only
// when the client sent none (random bytes cost a syscall per request). A player who
// withdrew analytics consent keeps their result, without the client's analytics
// fields and user agent: the store picks the stripped metadata in the write's own
// transaction (no consent read on the request path).
std::variant<store::NewGame, domain::FieldError> prepare(const Request& req, const json& body,
                                                         Context& ctx) {
  auto now = ctx.clock.now_ms();
  auto result = domain::validate_game_report(body, now, "");
  if (auto* game = std::get_if<store::NewGame>(&result)) {
    if (game->session_id.empty()) game->session_id = mint_session_id(now);
    game->ip = req.remote_ip;
    game->user_agent = std::string(req.header("User-Agent").substr(0, kMaxUserAgentBytes));
    if (!game->email.empty()) {
      game->metadata_json_without_analytics = domain::without_client_analytics(game->metadata_json);
    }
  }
  return result;
}

json saved_fields(const store::SavedGame& saved) {
  return {{"sessionId", saved.session_id},
          {"playerId", saved.player_id},
          {"gameId", saved.game_id},
          {"savedAt", format_iso8601_ms(saved.saved_at_ms)},
          {"duplicate", saved.duplicate},
          {"metadata",
           {{"gameType", saved.game_type.empty() ? "journeyman" : saved.game_type},
            {"correctCount", saved.correct_count ? json(*saved.correct_count) : json(nullptr)}}}};
}

Awaitable save_one(Request& req, Context& ctx, const char* message) {
  if (!req.json) {
    co_return http::error_response(req, Status::bad_request, "invalid_field",
                                   "Request body required", "body");
  }
  auto prepared = prepare(req, *req.json, ctx);
  if (auto* error = std::get_if<domain::FieldError>(&prepared)) {
    co_return http::error_response(req, Status::bad_request, "invalid_field", error->message,
                                   error->field);
  }
  auto game = std::get<store::NewGame>(std::move(prepared));
  auto outcome = co_await store::await_callback<store::SaveOutcome>(
      [&](auto done) { ctx.store.save_game(std::move(game), std::move(done)); });
  if (outcome.error || !outcome.saved) co_return store_error_response(req, outcome.error);
  invalidate_reported_games(ctx);

  json body = {{"success", true}, {"message", message}};
  body.update(saved_fields(*outcome.saved));
  body["requestId"] = req.request_id;
  // 201 for a new record; a retry with the same sessionId gets the first result, 200.
  co_return http::json_response(req, outcome.saved->duplicate ? Status::ok : Status::created, body);
}

Awaitable batch_upload(Request& req, Context& ctx) {
  const json* sessions = nullptr;
  if (req.json && req.json->is_object()) {
    auto it = req.json->find("sessions");
    if (it != req.json->end()) sessions = &*it;
  }
  if (!sessions || !sessions->is_array()) {
    co_return http::error_response(req, Status::bad_request, "invalid_field",
                                   "Sessions must be an array", "sessions");
  }
  if (sessions->empty() || sessions->size() > kMaxBatchItems) {
    co_return http::error_response(req, Status::bad_request, "invalid_field",
                                   fmt::format("Sessions must hold 1 to {} items", kMaxBatchItems),
                                   "sessions");
  }

  json results = json::array();
  std::vector<store::NewGame> valid;
  std::vector<std::size_t> valid_index;
  for (std::size_t i = 0; i < sessions->size(); ++i) {
    auto prepared = prepare(req, (*sessions)[i], ctx);
    if (auto* error = std::get_if<domain::FieldError>(&prepared)) {
      results.push_back({{"index", i},
                         {"status", 400},
                         {"error",
                          {{"code", "invalid_field"},
                           {"message", error->message},
                           {"field", "sessions[" + std::to_string(i) + "]." + error->field}}}});
    } else {
      results.push_back(nullptr);
      valid_index.push_back(i);
      valid.push_back(std::get<store::NewGame>(std::move(prepared)));
    }
  }

  std::vector<store::SaveOutcome> outcomes;
  if (!valid.empty()) {
    outcomes = co_await store::await_callback<std::vector<store::SaveOutcome>>(
        [&](auto done) { ctx.store.save_games(std::move(valid), std::move(done)); });
  }
  // The whole batch commits in one transaction: if the database is down, say so once.
  if (!outcomes.empty() &&
      std::all_of(outcomes.begin(), outcomes.end(), [](const store::SaveOutcome& o) {
        return o.error.kind == store::ErrorKind::unavailable;
      })) {
    co_return store_error_response(req, outcomes.front().error);
  }
  if (!outcomes.empty()) invalidate_reported_games(ctx);
  for (std::size_t k = 0; k < outcomes.size(); ++k) {
    auto& slot = results[valid_index[k]];
    const auto& outcome = outcomes[k];
    if (outcome.saved) {
      slot = saved_fields(*outcome.saved);
      slot["index"] = valid_index[k];
      slot["status"] = outcome.saved->duplicate ? 200 : 201;
    } else {
      slot = {{"index", valid_index[k]},
              {"status", outcome.error.kind == store::ErrorKind::conflict ? 409 : 500},
              {"error", {{"code", "not_saved"}, {"message", outcome.error.message}}}};
    }
  }
  std::size_t successful = 0;
  for (const auto& r : results) successful += r["status"].get<int>() < 300 ? 1 : 0;
  co_return http::json_response(req, Status::ok,
                                {{"success", successful == sessions->size()},
                                 {"processed", sessions->size()},
                                 {"successful", successful},
                                 {"failed", sessions->size() - successful},
                                 {"results", std::move(results)},
                                 {"timestamp", format_iso8601_ms(ctx.clock.now_ms())},
                                 {"requestId", req.request_id}});
}

}  // namespace

void register_game_data_routes(http::Router& router, Context& ctx) {
  // "submit": one result per finished game, so a tight limit (see rate_limit_config.hpp).
  http::RouteOptions legacy{http::ErrorStyle::legacy, http::Access::public_, "submit"};
  router.add(
      http::Verb::post, "/api/game-data",
      [&ctx](Request& req) { return save_one(req, ctx, "Game data saved"); }, legacy);
  router.add(
      http::Verb::post, "/save-player",
      [&ctx](Request& req) { return save_one(req, ctx, "Player data saved successfully"); },
      legacy);
  router.add(
      http::Verb::post, "/batch-upload", [&ctx](Request& req) { return batch_upload(req, ctx); },
      legacy);
}

}  // namespace jm::api
