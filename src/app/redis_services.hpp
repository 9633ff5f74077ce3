#pragma once
// Redis for running several instances, when REDIS_URL is set: a command connection and
// a pub/sub connection, and what they carry — the shared rate-limit buckets, the live
// feed's fan-out (with the cache invalidation channel), the access-token revocation list
// — plus journeyman_redis_up. Without Redis none of this exists and the service runs
// exactly as a single instance.
#include <memory>
#include <string>

#include "infra/metrics.hpp"
#include "infra/rate_limiter.hpp"
#include "infra/redis/redis_client.hpp"
#include "infra/redis/redis_event_bus.hpp"
#include "infra/redis/redis_rate_limiter.hpp"
#include "infra/redis/revocation_list.hpp"
#include "util/clock.hpp"

namespace jm {

class RedisServices {
 public:
  // Connects nothing yet (start() does). `instance_id` tells this instance's live events
  // from the others'.
  RedisServices(const infra::RedisUrl& url, const Clock& clock, std::string instance_id,
                infra::Registry& registry = infra::metrics());
  ~RedisServices();
  RedisServices(const RedisServices&) = delete;
  RedisServices& operator=(const RedisServices&) = delete;

  void start();
  void stop();

  // Both connections are ready (what /ready and journeyman_redis_up report).
  bool up() const { return commands_.up() && subscriber_.up(); }

  infra::RedisEventBus& bus() { return bus_; }
  infra::InvalidationChannel& invalidation() { return bus_; }
  infra::RevocationList& revocations() { return revocations_; }
  // Shared buckets; decisions fall back to a local limiter of its own.
  std::shared_ptr<infra::RedisRateLimiter> rate_limiter() { return rate_limiter_; }

 private:
  infra::RedisClient commands_;
  infra::RedisClient subscriber_;
  infra::RedisEventBus bus_;
  infra::RevocationList revocations_;
  std::shared_ptr<infra::RedisRateLimiter> rate_limiter_;
  infra::CallbackRegistration up_metric_;
};

}  // namespace jm
