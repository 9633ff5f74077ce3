#pragma once
// Named hooks for the metrics other modules bump (rate limiter, suspicious-input
// detection, cache, WebSocket feed, jobs). Each returns the child in the process-wide
// registry, registering its family on first use; the lookup takes a lock, so call it once
// and keep the reference:
//
//   static infra::Counter& rejected = infra::rate_limit_rejections("auth");
//   rejected.inc();
//
// register_hook_metrics() registers them all at start so /metrics shows them at 0 before
// anything happened. docs/observability.md lists their meaning.
#include <string>
#include <string_view>
#include <vector>

#include "infra/metrics.hpp"

namespace jm::infra {

// journeyman_rate_limit_rejections_total{class}: requests answered 429 by the rate limiter.
Counter& rate_limit_rejections(std::string_view rate_class, Registry& registry = metrics());
// journeyman_suspicious_requests_total{severity}: suspicious-input matches
// (severity: low | medium | high | critical).
Counter& suspicious_requests(std::string_view severity, Registry& registry = metrics());
// journeyman_cache_hits_total{cache} / journeyman_cache_misses_total{cache}: response-cache
// look-ups by cached resource (e.g. "leaderboard", "daily"); a miss computed the value.
// journeyman_cache_evictions_total{cache}: entries dropped by the size bound (not by
// invalidation).
Counter& cache_hits(std::string_view cache, Registry& registry = metrics());
Counter& cache_misses(std::string_view cache, Registry& registry = metrics());
Counter& cache_evictions(std::string_view cache, Registry& registry = metrics());
// The resources the service caches, so their series exist (at 0) from the start.
inline constexpr std::string_view kCachedResources[] = {"leaderboard", "daily", "analytics"};
// journeyman_websocket_clients: live-feed clients connected now.
Gauge& websocket_clients(Registry& registry = metrics());
// journeyman_websocket_dropped_messages_total: messages dropped for slow clients.
Counter& websocket_dropped_messages(Registry& registry = metrics());
// journeyman_jobs_queue_depth: jobs waiting to run.
Gauge& jobs_queue_depth(Registry& registry = metrics());
// journeyman_jobs_failed_total: job runs that failed.
Counter& jobs_failed(Registry& registry = metrics());

// The suspicious-input severities, in increasing order.
inline constexpr std::string_view kSuspiciousSeverities[] = {"low", "medium", "high", "critical"};

// Registers every family above, with a child per rate class and per severity, so each
// series exists (at 0) from the start.
void register_hook_metrics(const std::vector<std::string>& rate_classes,
                           Registry& registry = metrics());

}  // namespace jm::infra
