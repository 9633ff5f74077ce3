// Liveness (/health, /api/health) and readiness (/ready).
#include <fmt/format.h>

#include <atomic>
#include <mutex>

#include "api/routes.hpp"
#include "http/errors.hpp"
#include "util/time_format.hpp"

namespace jm::api {

namespace {

using http::Request;
using http::Response;
using http::Status;

// Liveness answers must be cheap and never hammer the database: the store's health
// is sampled at most once per second and shared by all threads.
class CachedStoreHealth {
 public:
  explicit CachedStoreHealth(Context& ctx) : ctx_(ctx) {}
  bool ok() {
    auto now = ctx_.clock.now_ms();
    if (now - checked_at_.load(std::memory_order_relaxed) >= 1000) {
      std::unique_lock lock(mutex_, std::try_to_lock);
      if (lock.owns_lock()) {
        ok_.store(ctx_.store.health().ok);
        checked_at_.store(now);
      }
    }
    return ok_.load();
  }

 private:
  Context& ctx_;
  std::mutex mutex_;
  std::atomic<std::int64_t> checked_at_{0};
  std::atomic<bool> ok_{false};
};

}  // namespace

void register_health_routes(http::Router& router, Context& ctx) {
  auto health = std::make_shared<CachedStoreHealth>(ctx);
  // Probes and monitors poll these: never rate limited.
  http::RouteOptions probe{http::ErrorStyle::standard, http::Access::public_, "none"};

  // The liveness probe is the hottest path: its body is written directly, not via a DOM.
  router.add(
      http::Verb::get, "/health",
      [&ctx, health](Request& req) -> boost::asio::awaitable<Response> {
        auto now = ctx.clock.now_ms();
        co_return http::json_text_response(
            req, Status::ok,
            fmt::format(R"({{"status":"healthy","timestamp":"{}","version":"{}",)"
                        R"("uptimeSeconds":{},"database":"{}"}})",
                        format_iso8601_ms(now), JOURNEYMAN_VERSION,
                        (now - ctx.started_at_ms) / 1000,
                        health->ok() ? "connected" : "unavailable"));
      },
      probe);

  router.add(
      http::Verb::get, "/api/health",
      [&ctx, health](Request& req) -> boost::asio::awaitable<Response> {
        co_return http::json_response(req, Status::ok,
                                      {{"status", "healthy"},
                                       {"timestamp", format_iso8601_ms(ctx.clock.now_ms())},
                                       {"encryption_enabled", false},
                                       {"database", health->ok() ? "connected" : "unavailable"}});
      },
      probe);

  router.add(
      http::Verb::get, "/ready",
      [&ctx](Request& req) -> boost::asio::awaitable<Response> {
        bool draining = ctx.draining && ctx.draining->load();
        auto store_health = ctx.store.health();
        if (draining || !store_health.ok) {
          auto res =
              http::error_response(req, Status::service_unavailable, "not_ready",
                                   draining ? "Server is shutting down"
                                            : "Database unavailable: " + store_health.detail);
          res.set(http::beast_http::field::retry_after, "5");
          co_return res;
        }
        nlohmann::json body = {{"status", "ready"}, {"database", "connected"}};
        // Redis down is "degraded", still 200: this instance serves every request with
        // local rate limits and local live events, so taking it out of the load balancer
        // would only move its traffic to peers that lost the same Redis.
        if (ctx.redis_up) {
          bool up = ctx.redis_up();
          body["redis"] = up ? "up" : "down";
          if (!up) body["status"] = "degraded";
        }
        co_return http::json_response(req, Status::ok, body);
      },
      probe);
}

}  // namespace jm::api
