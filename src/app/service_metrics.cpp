#include "app/service_metrics.hpp"

#include <algorithm>
#include <string>

#include "infra/metric_hooks.hpp"
#include "infra/process_metrics.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace jm {

namespace {

using infra::MetricType;

void add_server_metrics(std::vector<infra::CallbackRegistration>& out, const net::Server& server,
                        infra::Registry& registry) {
  out.push_back(registry.callback(
      MetricType::gauge, "journeyman_http_requests_in_flight",
      "Requests between headers read and answer written (what a drain waits for).",
      [&server] { return static_cast<double>(server.active_requests()); }));
  out.push_back(registry.callback(
      MetricType::gauge, "journeyman_http_open_connections", "Client connections open now.",
      [&server] { return static_cast<double>(server.open_connections()); }));
  out.push_back(registry.callback(MetricType::counter, "journeyman_http_connections_accepted_total",
                                  "Client connections accepted since start.", [&server] {
                                    return static_cast<double>(server.accepted_connections());
                                  }));
}

// The SQLite store's group-commit counters. The writer keeps totals, not a distribution, so
// batch size is exposed as ops and batches (mean = ratio of their rates) plus last and max.
void add_sqlite_metrics(std::vector<infra::CallbackRegistration>& out,
                        const store::SqliteStore& store, infra::Registry& registry) {
  auto add = [&](MetricType type, const char* name, const char* help,
                 std::uint64_t (store::SqliteStore::*read)() const) {
    out.push_back(registry.callback(
        type, name, help, [&store, read] { return static_cast<double>((store.*read)()); }));
  };
  add(MetricType::gauge, "journeyman_store_queue_depth",
      "Writes queued for the group-commit writer now.", &store::SqliteStore::queue_depth);
  add(MetricType::counter, "journeyman_store_batches_total", "Group-commit transactions attempted.",
      &store::SqliteStore::total_batches);
  add(MetricType::counter, "journeyman_store_failed_batches_total",
      "Group-commit transactions that could not commit.", &store::SqliteStore::failed_batches);
  add(MetricType::counter, "journeyman_store_batched_ops_total",
      "Writes processed by the group-commit writer (a batch upload of n games counts n).",
      &store::SqliteStore::total_ops);
  add(MetricType::gauge, "journeyman_store_last_batch_size", "Writes in the most recent batch.",
      &store::SqliteStore::last_batch_size);
  add(MetricType::gauge, "journeyman_store_max_batch_size",
      "Most writes committed in one batch since start.", &store::SqliteStore::max_batch_size);
}

std::vector<std::string> rate_classes(const http::Router& router) {
  std::vector<std::string> out;
  for (const auto& route : router.routes()) {
    if (route->rate_class == "none") continue;
    if (std::find(out.begin(), out.end(), route->rate_class) == out.end()) {
      out.push_back(route->rate_class);
    }
  }
  return out;
}

}  // namespace

ServiceMetrics::ServiceMetrics(const net::Server& server, const store::Store& store,
                               const http::Router& router, const Clock& clock,
                               std::int64_t started_at_ms, infra::Registry& registry) {
  callbacks_ = infra::register_process_metrics(clock, started_at_ms, registry);
  add_server_metrics(callbacks_, server, registry);
  if (const auto* sqlite = dynamic_cast<const store::SqliteStore*>(&store)) {
    add_sqlite_metrics(callbacks_, *sqlite, registry);
  }
  infra::register_hook_metrics(rate_classes(router), registry);
}

}  // namespace jm
