#pragma once
// The handlers' side of the response cache: answer a GET from the cache (ETag, 304,
// Cache-Control) and invalidate what a write changed once the store acknowledged it.
//
// To cache another read-only JSON route (e.g. GET /leaderboard/:gameType), validate the
// request first (errors are never cached), then:
//
//   co_return serve_cached(req, ctx, http::cache_key("leaderboard/" + type, req.query),
//                          {"leaderboard", {"leaderboard"}}, kRevalidate, [&] { return body(); });
#include <functional>
#include <string>
#include <string_view>

#include "api/context.hpp"
#include "http/types.hpp"
#include "infra/response_cache.hpp"

namespace jm::api {

// Cache-Control values, one per kind of resource:
// - kRevalidate: shared, but must be correct the moment a game finishes (leaderboards):
//   browsers and proxies may keep a copy but revalidate it on every use, which costs a
//   304 without a body while nothing changed.
inline constexpr std::string_view kRevalidate = "public, no-cache";
// - anything per-user or analyst-only: only the user's own browser may keep it, and
//   revalidates it each time (the security headers' default for everything else is
//   no-store).
inline constexpr std::string_view kPrivateRevalidate = "private, no-cache";

// Answers `req` from ctx.cache under `key`; on a miss `compute_json` builds the JSON body
// (it runs without any lock, once per key at a time). Without a cache (tools, tests that
// build a bare Context) the body is computed every time; the HTTP semantics are the same.
http::Response serve_cached(const http::Request& req, Context& ctx, const std::string& key,
                            const infra::CachePolicy& policy, std::string_view cache_control,
                            const std::function<std::string()>& compute_json);

// After a write the store acknowledged that changes finished games or their players
// (a finished server game, an erasure, an account that renamed its player, retention):
// drops the leaderboards, the analytics aggregates and, when `daily` is set, the daily
// puzzle's statistics.
void invalidate_game_derived(Context& ctx, bool daily = true);
// After client-reported games (POST /api/game-data) were stored: they count in the
// analytics aggregates only (boards and daily statistics hold server-judged games).
void invalidate_reported_games(Context& ctx);

}  // namespace jm::api
