#include "infra/redis/redis_metrics.hpp"

namespace jm::infra {

Counter& redis_errors(Registry& registry) {
  return registry
      .counter("journeyman_redis_errors_total",
               "Redis failures: failed connects, command errors and timeouts.")
      .get();
}

Counter& redis_fallbacks(Registry& registry) {
  return registry
      .counter("journeyman_redis_fallbacks_total",
               "Decisions made without Redis while it was unusable (local rate limits, "
               "unshared live events and revocations).")
      .get();
}

}  // namespace jm::infra
