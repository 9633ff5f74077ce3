#include "api/response_caching.hpp"

#include "http/cached_response.hpp"

namespace jm::api {

http::Response serve_cached(const http::Request& req, Context& ctx, const std::string& key,
                            const infra::CachePolicy& policy, std::string_view cache_control,
                            const std::function<std::string()>& compute_json) {
  auto compute = [&] { return http::make_cached_response(compute_json()); };
  auto cached = ctx.cache ? ctx.cache->get_or_compute(key, policy, compute) : compute();
  return http::cached_answer(req, *cached, cache_control);
}

void invalidate_game_derived(Context& ctx, bool daily) {
  if (!ctx.cache) return;
  ctx.cache->invalidate(infra::cache_tags::kLeaderboard);
  ctx.cache->invalidate(infra::cache_tags::kAnalytics);
  if (daily) ctx.cache->invalidate(infra::cache_tags::kDaily);
}

void invalidate_reported_games(Context& ctx) {
  if (ctx.cache) ctx.cache->invalidate(infra::cache_tags::kAnalytics);
}

}  // namespace jm::api
