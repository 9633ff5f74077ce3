#include "app/server_app.hpp"

#include <iostream>

#include <boost/asio/thread_pool.hpp>

#include "api/routes.hpp"
#include "app/live_counters.hpp"
#include "app/nfl_data.hpp"
#include "app/redis_services.hpp"
#include "app/service_metrics.hpp"
#include "app/store_factory.hpp"
#include "http/middleware/audit.hpp"
#include "http/middleware/auth.hpp"
#include "http/middleware/client_ip.hpp"
#include "http/middleware/rate_limit.hpp"
#include "http/middleware/standard.hpp"
#include "http/middleware/static_files.hpp"
#include "http/middleware/suspicious_input.hpp"
#include "infra/event_bus.hpp"
#include "infra/live_feed.hpp"
#include "infra/rate_limit_config.hpp"
#include "infra/rate_limiter.hpp"
#include "infra/response_cache.hpp"
#include "jobs/analytics_export_job.hpp"
#include "jobs/backup_job.hpp"
#include "jobs/standard_jobs.hpp"
#include "net/server.hpp"
#include "security/secrets.hpp"
#include "store/sqlite/database_lock.hpp"
#include "util/log.hpp"
#include "util/random_id.hpp"

namespace jm {

namespace {

// Order matters: request metrics come first, so their `after` runs last and counts every
// final answer (early errors, static files, transport rejects); the access log sees the
// final response (and the client address client_ip decided); headers are added to every
// answer including early errors; rate limits come after the headers (so a 429 carries the
// security headers, the request id and CORS) and after CORS answered preflights (a
// browser's preflight never costs a token); the audit log sees the final status of every
// audited route; the body checks run before any handler; suspicious-input detection runs
// after them because it scans the parsed JSON (string values and keys one by one,
// decoded, so "\u003cscript" hides nothing and fields never combine into false matches)
// without a second parse on the hot path; authentication runs after both (a malformed or
// hostile request costs no key lookup) and before any handler; static files answer only
// what no route matched.
std::vector<std::unique_ptr<http::Middleware>> standard_chain(
    const Config& config, const http::Router& router, http::AuthDependencies auth,
    store::Store& store, const Clock& clock, RedisServices* redis) {
  auto limits = infra::RateLimitTable::from_config(config);
  if (!limits.enabled()) {
    log::warn("rate_limits_disabled", {{"hint", "JOURNEYMAN_RATE_LIMITS=off is for benchmarks"}});
  }
  http::RateLimit::check_routes(router);

  std::vector<std::unique_ptr<http::Middleware>> chain;
  chain.push_back(http::make_request_metrics(router));
  chain.push_back(http::make_access_log(config.access_log));
  chain.push_back(std::make_unique<http::ClientIp>(config.trusted_proxies));
  chain.push_back(http::make_request_id_header());
  chain.push_back(http::make_security_headers());
  chain.push_back(http::make_cors(config.cors_origins));
  chain.push_back(std::make_unique<http::RateLimit>(
      std::move(limits), std::make_shared<infra::LocalRateLimiter>(), clock,
      redis ? redis->rate_limiter() : nullptr));
  chain.push_back(http::make_gzip());
  chain.push_back(http::make_audit_log(store, clock));
  chain.push_back(http::make_body_checks());
  chain.push_back(std::make_unique<http::SuspiciousInput>());
  chain.push_back(http::make_auth(auth));
  chain.push_back(http::make_static_files(config.web_root));
  return chain;
}

}  // namespace

void register_routes(http::Router& router, api::Context& ctx) {
  api::register_health_routes(router, ctx);
  api::register_game_data_routes(router, ctx);
  api::register_game_routes(router, ctx);
  api::register_puzzle_routes(router, ctx);
  api::register_auth_routes(router, ctx);
  api::register_me_routes(router, ctx);
  api::register_gdpr_routes(router, ctx);
  api::register_crypto_routes(router, ctx);
  api::register_admin_routes(router, ctx);
  api::register_analytics_compat_routes(router, ctx);
  api::register_analytics_export_routes(router, ctx);
  api::register_metrics_routes(router, ctx);
  api::register_analytics_routes(router, ctx);
}

int run_server(const Config& config) {
  SystemClock clock;
  auto started = clock.now_ms();
  auto secrets = security::load_secrets(config);
  // Held for the server's life: `journeyman restore` refuses while any server has it.
  std::optional<store::sqlite::DatabaseLock> db_lock;
  if (!config.is_postgres()) {
    db_lock = store::sqlite::DatabaseLock::try_acquire(config.sqlite_path(),
                                                       store::sqlite::DatabaseLock::Mode::shared);
    if (!db_lock) {
      throw std::runtime_error("a restore holds '" + config.sqlite_path() +
                               "'; start again after it");
    }
  }
  auto store = open_store(config, secrets);
  if (config.seed_on_start && store->load_teams().empty()) {
    auto report = seed_nfl(*store, config.data_dir);
    log::info("seeded", {{"careersAdded", report.counts.careers_added},
                         {"teamsAdded", report.counts.teams_added},
                         {"rejected", report.problems.size()}});
  }
  auto catalog = load_catalog(*store, config.data_dir);
  log::info("catalog_loaded",
            {{"careers", catalog->careers().size()}, {"searchable", catalog->search().size()}});

  // Redis (REDIS_URL) makes rate limits, the live feed and revocations cluster-wide.
  // Declared before everything that uses it; connects in the background (start below).
  std::unique_ptr<RedisServices> redis;
  if (!config.redis_url.empty()) {
    auto url = infra::parse_redis_url(config.redis_url).url.value();  // validated at start
    redis = std::make_unique<RedisServices>(url, clock, random_hex(8));
    log::info("redis_configured", {{"url", url.for_logs()}});
  }

  // The live feed: declared before the server, so its sessions (destroyed with the
  // server's io_context) never outlive the feeds they listen to.
  infra::InProcessEventBus local_events;
  infra::EventBus& events = redis ? static_cast<infra::EventBus&>(redis->bus())
                                  : static_cast<infra::EventBus&>(local_events);
  infra::LiveFeed public_feed(events, std::string(infra::kPublicChannel));
  infra::LiveFeed analyst_feed(events, std::string(infra::kAnalystChannel));
  net::WebSocketStats websocket_stats;
  net::LiveEndpoint live;
  live.public_feed = &public_feed;
  live.analyst_feed = &analyst_feed;
  // The analyst channel takes the same credentials as the API (role analyst or admin).
  http::AuthDependencies auth{*store, secrets.jwt, clock, redis ? &redis->revocations() : nullptr};
  live.check_token = [auth](std::string_view token) { return http::credential_role(auth, token); };
  live.allowed_origins = config.cors_origins;
  live.ping_interval = std::chrono::seconds(config.live.ping_interval_seconds);
  live.queue_messages = config.live.queue_messages;
  live.queue_bytes = config.live.queue_bytes;
  live.stats = &websocket_stats;
  LiveCounters counters(*store, clock, events, {&public_feed, &analyst_feed},
                        std::chrono::seconds(config.live.counters_interval_seconds));

  // Serialised answers of the public read routes; write paths invalidate by tag. A Redis
  // pub/sub bridge (several instances) sets its listener and applies remote invalidations.
  infra::ResponseCache response_cache(clock, {});
  // With Redis, an invalidation here reaches the other instances' caches and theirs reach
  // this one; apply_remote_invalidation never publishes, so nothing echoes. Declared after
  // the cache so it unsubscribes first.
  infra::EventBus::Subscription remote_invalidations;
  if (redis) {
    response_cache.set_invalidation_listener(
        [&redis](const std::string& tag) { redis->invalidation().publish_invalidation(tag); });
    remote_invalidations =
        redis->invalidation().on_remote_invalidation([&response_cache](const std::string& tag) {
          response_cache.apply_remote_invalidation(tag);
        });
  }
  std::atomic<bool> draining{false};
  boost::asio::thread_pool cpu_pool(2);
  jobs::JobRunner jobs(*store, clock, "worker-" + random_hex(4));
  jobs::install_standard_jobs(jobs, *store, config, clock, [&response_cache] {
    for (auto tag : {infra::cache_tags::kLeaderboard, infra::cache_tags::kDaily,
                     infra::cache_tags::kAnalytics}) {
      response_cache.invalidate(tag);
    }
  });
  jobs::install_analytics_export_job(jobs, *store, config, clock, secrets);
  jobs::install_backup_job(jobs, config, clock, secrets);
  api::Context ctx{config, *store, clock, started, &draining, catalog};
  ctx.secrets = &secrets;
  ctx.cpu_pool = &cpu_pool;
  ctx.wake_jobs = [&jobs] { jobs.wake(); };
  ctx.events = &events;
  ctx.cache = &response_cache;
  if (redis) {
    ctx.revocations = &redis->revocations();
    ctx.redis_up = [&redis] { return redis->up(); };
  }
  http::Router router;
  register_routes(router, ctx);

  http::Pipeline pipeline(router, standard_chain(config, router, auth, *store, clock, redis.get()));
  net::ServerOptions options;
  options.host = config.host;
  options.port = config.port;
  options.threads = config.effective_threads();
  options.body_limit = config.body_limit_bytes;
  options.idle_timeout = std::chrono::seconds(config.idle_timeout_seconds);
  options.read_timeout = std::chrono::seconds(config.read_timeout_seconds);
  options.shutdown_grace = std::chrono::seconds(config.shutdown_grace_seconds);
  net::Server server(options, pipeline);
  int port = server.bind();
  jobs.start();
  if (redis) redis->start();
  ServiceMetrics service_metrics(server, *store, router, clock, started);
  server.set_live(&live);
  counters.start(server.context());

  log::info("listening", {{"url", "http://" + config.host + ":" + std::to_string(port)},
                          {"port", port},
                          {"threads", options.threads},
                          {"database", config.database_url_for_logs()},
                          {"startupMs", clock.now_ms() - started}});
  server.run([&] {
    draining = true;
    jobs.stop();
    cpu_pool.join();
    counters.stop();
    store->drain();
  });
  if (redis) redis->stop();
  log::info("stopped", {{"games", store->count_games()}});
  return 0;
}

}  // namespace jm
