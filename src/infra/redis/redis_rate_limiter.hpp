#pragma once
// The per-class per-IP token buckets in Redis, shared by every instance: one atomic round
// trip per check (a Lua script, loaded with SCRIPT LOAD on every connect and run with
// EVALSHA, EVAL when Redis answers NOSCRIPT). The script keeps the same exact integer
// units as LocalRateLimiter, so answers (and RateLimit-* headers) are the same.
//
// When Redis is down, or a check errs or times out, the decision comes from the local
// limiter: limits keep holding per instance, nothing answers 5xx, and every such
// decision is counted (journeyman_redis_fallbacks_total) — never a silent fail-open.
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "infra/metrics.hpp"
#include "infra/rate_limiter.hpp"
#include "infra/redis/redis_client.hpp"

namespace jm::infra {

class RedisRateLimiter {
 public:
  struct Outcome {
    RateDecision decision;
    bool shared = false;  // false: decided by the local fallback
  };
  using Callback = std::function<void(Outcome)>;

  // `client` must be a command connection that outlives this object; the script is
  // loaded on each of its connects. `fallbacks` counts local decisions.
  RedisRateLimiter(RedisClient& client, std::shared_ptr<RateLimiter> fallback, Counter& fallbacks,
                   std::string key_prefix = "jm:rl:");

  // Calls back exactly once, on the Redis client's thread (or at once when it is down).
  void take(std::string_view key, const RateRule& rule, std::int64_t now_ms, Callback callback);
  // The same for coroutines; resumes on the caller's executor.
  boost::asio::awaitable<Outcome> take_async(std::string key, RateRule rule, std::int64_t now_ms);

  static const std::string& script();
  static const std::string& script_sha1();  // lower-case hex, as EVALSHA wants it

 private:
  Outcome local(std::string_view key, const RateRule& rule, std::int64_t now_ms);
  void load_script();

  RedisClient& client_;
  std::shared_ptr<RateLimiter> fallback_;
  Counter& fallbacks_;
  std::string prefix_;
};

}  // namespace jm::infra
