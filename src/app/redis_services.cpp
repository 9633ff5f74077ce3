#include "app/redis_services.hpp"

#include "infra/redis/redis_metrics.hpp"

namespace jm {

namespace {

infra::RedisClientOptions options(const infra::RedisUrl& url, std::string name) {
  infra::RedisClientOptions o;
  o.url = url;
  o.name = std::move(name);
  return o;
}

}  // namespace

RedisServices::RedisServices(const infra::RedisUrl& url, const Clock& clock,
                             std::string instance_id, infra::Registry& registry)
    : commands_(options(url, "journeyman-" + instance_id)),
      subscriber_(options(url, "journeyman-" + instance_id + "-sub")),
      bus_(commands_, subscriber_, instance_id, infra::redis_fallbacks(registry)),
      revocations_(commands_, subscriber_, clock, infra::redis_fallbacks(registry)),
      rate_limiter_(std::make_shared<infra::RedisRateLimiter>(
          commands_, std::make_shared<infra::LocalRateLimiter>(),
          infra::redis_fallbacks(registry))) {
  auto& errors = infra::redis_errors(registry);
  commands_.on_error([&errors] { errors.inc(); });
  subscriber_.on_error([&errors] { errors.inc(); });
  up_metric_ = registry.callback(infra::MetricType::gauge, "journeyman_redis_up",
                                 "1 while both Redis connections (commands, pub/sub) are up.",
                                 [this] { return up() ? 1.0 : 0.0; });
}

RedisServices::~RedisServices() {
  stop();
}

void RedisServices::start() {
  commands_.start();
  subscriber_.start();
}

void RedisServices::stop() {
  subscriber_.stop();
  commands_.stop();
}

}  // namespace jm
