#pragma once
// The Redis metrics (docs/observability.md): journeyman_redis_up (gauge, read at scrape
// time), journeyman_redis_errors_total (failed connects, command errors and timeouts) and
// journeyman_redis_fallbacks_total (decisions made locally because Redis could not be
// used: rate-limit checks, live events and revocations not shared).
#include "infra/metrics.hpp"

namespace jm::infra {

Counter& redis_errors(Registry& registry = metrics());
Counter& redis_fallbacks(Registry& registry = metrics());

}  // namespace jm::infra
