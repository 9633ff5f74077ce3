#include "infra/metric_hooks.hpp"

namespace jm::infra {

namespace {

CounterFamily& rate_limit_family(Registry& registry) {
  return registry.counter("journeyman_rate_limit_rejections_total",
                          "Requests refused with 429 by the rate limiter, by rate class.",
                          {"class"});
}

CounterFamily& suspicious_family(Registry& registry) {
  return registry.counter("journeyman_suspicious_requests_total",
                          "Requests matching a suspicious-input pattern, by severity.",
                          {"severity"});
}

}  // namespace

Counter& rate_limit_rejections(std::string_view rate_class, Registry& registry) {
  return rate_limit_family(registry).labels({rate_class});
}

Counter& suspicious_requests(std::string_view severity, Registry& registry) {
  return suspicious_family(registry).labels({severity});
}

Counter& cache_hits(std::string_view cache, Registry& registry) {
  return registry
      .counter("journeyman_cache_hits_total",
               "Response-cache look-ups answered without computing, by cached resource.", {"cache"})
      .labels({cache});
}

Counter& cache_misses(std::string_view cache, Registry& registry) {
  return registry
      .counter("journeyman_cache_misses_total",
               "Response-cache look-ups that computed the value, by cached resource.", {"cache"})
      .labels({cache});
}

Counter& cache_evictions(std::string_view cache, Registry& registry) {
  return registry
      .counter("journeyman_cache_evictions_total",
               "Response-cache entries dropped by the size bound, by cached resource.", {"cache"})
      .labels({cache});
}

Gauge& websocket_clients(Registry& registry) {
  return registry.gauge("journeyman_websocket_clients", "Live-feed WebSocket clients connected.")
      .get();
}

Counter& websocket_dropped_messages(Registry& registry) {
  return registry
      .counter("journeyman_websocket_dropped_messages_total",
               "Live-feed messages a slow client could not take; each drops that client (1013).")
      .get();
}

Gauge& jobs_queue_depth(Registry& registry) {
  return registry.gauge("journeyman_jobs_queue_depth", "Background jobs waiting to run.").get();
}

Counter& jobs_failed(Registry& registry) {
  return registry.counter("journeyman_jobs_failed_total", "Background job runs that failed.").get();
}

void register_hook_metrics(const std::vector<std::string>& rate_classes, Registry& registry) {
  auto& rejections = rate_limit_family(registry);
  for (const auto& rate_class : rate_classes) rejections.labels({rate_class});
  auto& suspicious = suspicious_family(registry);
  for (auto severity : kSuspiciousSeverities) suspicious.labels({severity});
  for (auto cache : kCachedResources) {
    cache_hits(cache, registry);
    cache_misses(cache, registry);
    cache_evictions(cache, registry);
  }
  websocket_clients(registry);
  websocket_dropped_messages(registry);
  jobs_queue_depth(registry);
  jobs_failed(registry);
}

}  // namespace jm::infra
