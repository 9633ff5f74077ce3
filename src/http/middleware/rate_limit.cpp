#include "http/middleware/rate_limit.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "http/errors.hpp"
#include "infra/metric_hooks.hpp"

namespace jm::http {

namespace {

// Paths the original API served (and its clients and scanners still try) besides /api/.
constexpr std::string_view kApiPrefixes[] = {"/api/",
                                             "/save-player",
                                             "/batch-upload",
                                             "/analytics",
                                             "/export-analytics",
                                             "/admin",
                                             "/leaderboard",
                                             "/trends",
                                             "/advanced-analytics",
                                             "/player-progression",
                                             "/player-profile",
                                             "/s3/",
                                             "/backup/",
                                             "/create-daily-export"};

std::string seconds_ceil(std::int64_t ms) {
  return std::to_string((ms + 999) / 1000);
}

}  // namespace

RateLimit::RateLimit(infra::RateLimitTable table, std::shared_ptr<infra::RateLimiter> limiter,
                     const Clock& clock, std::shared_ptr<infra::RedisRateLimiter> shared)
    : table_(std::move(table)),
      limiter_(std::move(limiter)),
      clock_(clock),
      shared_(std::move(shared)) {
  for (const auto& rate_class : infra::kRateClasses) {
    rejected_[std::string(rate_class.name)];
    rejected_metric_[std::string(rate_class.name)] = &infra::rate_limit_rejections(rate_class.name);
  }
}

std::string_view RateLimit::class_of(const Request& req) {
  if (req.route) return req.route->rate_class;
  for (auto prefix : kApiPrefixes) {
    if (req.path.rfind(prefix, 0) == 0) return "general";
  }
  return infra::kUnlimitedClass;
}

void RateLimit::check_routes(const Router& router) {
  for (const auto& route : router.routes()) {
    if (!infra::RateLimitTable::known(route->rate_class)) {
      throw std::invalid_argument("route " + route->pattern + " has unknown rate class '" +
                                  route->rate_class + "'");
    }
  }
}

std::uint64_t RateLimit::rejected(std::string_view rate_class) const {
  auto it = rejected_.find(rate_class);
  return it == rejected_.end() ? 0 : it->second.load(std::memory_order_relaxed);
}

std::string RateLimit::key_of(std::string_view rate_class, const Request& req) {
  std::string key;
  key.reserve(rate_class.size() + 1 + req.remote_ip.size());
  key.append(rate_class).append(":").append(req.remote_ip);
  return key;
}

std::optional<Response> RateLimit::before(Request& req) {
  auto rate_class = class_of(req);
  auto rule = table_.rule(rate_class);
  if (!rule) return std::nullopt;
  auto decision = limiter_->take(key_of(rate_class, req), *rule, clock_.now_ms());
  return answer(req, rate_class, *rule, decision);
}

boost::asio::awaitable<std::optional<Response>> RateLimit::before_async(Request& req) {
  auto rate_class = class_of(req);
  auto rule = table_.rule(rate_class);
  if (!rule) co_return std::nullopt;
  auto key = key_of(rate_class, req);
  auto outcome = co_await shared_->take_async(std::move(key), *rule, clock_.now_ms());
  co_return answer(req, rate_class, *rule, outcome.decision);
}

std::optional<Response> RateLimit::answer(Request& req, std::string_view rate_class,
                                          const infra::RateRule& rule,
                                          const infra::RateDecision& decision) {
  auto& headers = req.response_headers;
  headers.emplace_back("RateLimit-Limit", std::to_string(decision.limit));
  headers.emplace_back("RateLimit-Remaining", std::to_string(decision.remaining));
  headers.emplace_back("RateLimit-Reset", seconds_ceil(decision.reset_ms));
  headers.emplace_back("RateLimit-Policy",
                       fmt::format("{};w={}", rule.capacity, seconds_ceil(rule.window_ms)));
  if (decision.allowed) return std::nullopt;

  if (auto it = rejected_.find(rate_class); it != rejected_.end()) {
    it->second.fetch_add(1, std::memory_order_relaxed);
  }
  if (auto it = rejected_metric_.find(rate_class); it != rejected_metric_.end()) it->second->inc();
  auto retry_seconds = std::max<std::int64_t>(1, (decision.retry_after_ms + 999) / 1000);
  auto message = fmt::format("Too many requests, retry in {} s", retry_seconds);
  ApiError error;
  error.status = Status::too_many_requests;
  error.code = "rate_limited";
  error.message = message;
  if (req.error_style() == ErrorStyle::legacy) {
    // The original's shape: {success:false, error:"Rate limit exceeded", message}.
    error.message = "Rate limit exceeded";
    error.legacy_message = message;
  }
  auto res = error_response(req, error);
  res.set(beast_http::field::retry_after, std::to_string(retry_seconds));
  return res;
}

}  // namespace jm::http
