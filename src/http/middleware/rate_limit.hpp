#pragma once
// Per-route-class rate limits, per client IP. Every limited response carries
// RateLimit-Limit/-Remaining/-Reset/-Policy; a refusal is 429 with Retry-After.
// With a shared (Redis) limiter the buckets are the cluster's and the step is
// asynchronous; its local fallback answers the same way.
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "http/middleware.hpp"
#include "http/router.hpp"
#include "infra/metrics.hpp"
#include "infra/rate_limit_config.hpp"
#include "infra/rate_limiter.hpp"
#include "infra/redis/redis_rate_limiter.hpp"
#include "util/clock.hpp"

namespace jm::http {

class RateLimit final : public Middleware {
 public:
  // `shared`, when set, decides instead of `limiter` (which is then its fallback).
  RateLimit(infra::RateLimitTable table, std::shared_ptr<infra::RateLimiter> limiter,
            const Clock& clock, std::shared_ptr<infra::RedisRateLimiter> shared = nullptr);

  std::optional<Response> before(Request& req) override;
  bool asynchronous() const override { return shared_ != nullptr; }
  boost::asio::awaitable<std::optional<Response>> before_async(Request& req) override;

  // Requests refused with 429 in a class since start (for metrics).
  std::uint64_t rejected(std::string_view rate_class) const;

  // The class a request counts against: its route's, else "general" for paths the API
  // owns (unknown /api/ paths, the original's paths) and "none" for the rest (the web app).
  static std::string_view class_of(const Request& req);

  // Throws std::invalid_argument naming the first route whose class does not exist, so
  // a typo fails at start instead of silently never limiting.
  static void check_routes(const Router& router);

 private:
  static std::string key_of(std::string_view rate_class, const Request& req);
  std::optional<Response> answer(Request& req, std::string_view rate_class,
                                 const infra::RateRule& rule, const infra::RateDecision& decision);

  infra::RateLimitTable table_;
  std::shared_ptr<infra::RateLimiter> limiter_;
  const Clock& clock_;
  std::shared_ptr<infra::RedisRateLimiter> shared_;
  std::map<std::string, std::atomic<std::uint64_t>, std::less<>> rejected_;
  // The /metrics counter of each class, looked up once: under a flood every refusal
  // would otherwise take the registry's lock.
  std::map<std::string, infra::Counter*, std::less<>> rejected_metric_;
};

}  // namespace jm::http
