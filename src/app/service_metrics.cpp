#include "app/service_metrics.hpp"

#include <algorithm>
#include <string>

#include "infra/metric_hooks.hpp"
#include "infra/process_metrics.hpp"
#include "store/postgres/pg_pool.hpp"
#include "store/postgres/pg_writer.hpp"
#include "store/postgres/postgres_store.hpp"
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

// The group-commit writer's counters, the same names for both stores. The writers keep
// totals, not a distribution, so batch size is exposed as ops and batches (mean = ratio
// of their rates) plus last and max. `Stats` reads a snapshot with fields batches,
// failed_batches, ops, last_batch_size, max_batch_size, queue_depth.
template <class ReadStats>
void add_writer_metrics(std::vector<infra::CallbackRegistration>& out, ReadStats read,
                        infra::Registry& registry) {
  auto add = [&](MetricType type, const char* name, const char* help, auto field) {
    out.push_back(registry.callback(type, name, help,
                                    [read, field] { return static_cast<double>(read().*field); }));
  };
  using Stats = decltype(read());
  add(MetricType::gauge, "journeyman_store_queue_depth",
      "Writes queued for the group-commit writer now.", &Stats::queue_depth);
  add(MetricType::counter, "journeyman_store_batches_total", "Group-commit transactions attempted.",
      &Stats::batches);
  add(MetricType::counter, "journeyman_store_failed_batches_total",
      "Group-commit transactions that could not commit.", &Stats::failed_batches);
  add(MetricType::counter, "journeyman_store_batched_ops_total",
      "Writes processed by the group-commit writer (a batch upload of n games counts n).",
      &Stats::ops);
  add(MetricType::gauge, "journeyman_store_last_batch_size", "Writes in the most recent batch.",
      &Stats::last_batch_size);
  add(MetricType::gauge, "journeyman_store_max_batch_size",
      "Most writes committed in one batch since start.", &Stats::max_batch_size);
}

// SqliteStore exposes its counters one by one; gathered into the shape above.
struct SqliteWriterStats {
  std::uint64_t batches, failed_batches, ops, last_batch_size, max_batch_size, queue_depth;
};

void add_store_metrics(std::vector<infra::CallbackRegistration>& out, const store::Store& store,
                       infra::Registry& registry) {
  if (const auto* sqlite = dynamic_cast<const store::SqliteStore*>(&store)) {
    add_writer_metrics(
        out,
        [sqlite] {
          return SqliteWriterStats{sqlite->total_batches(),  sqlite->failed_batches(),
                                   sqlite->total_ops(),      sqlite->last_batch_size(),
                                   sqlite->max_batch_size(), sqlite->queue_depth()};
        },
        registry);
  } else if (const auto* pg = dynamic_cast<const store::PostgresStore*>(&store)) {
    add_writer_metrics(
        out, [pg] { return pg->writer_stats(); }, registry);
    out.push_back(registry.callback(MetricType::gauge, "journeyman_store_pool_busy_connections",
                                    "PostgreSQL primary-pool connections in use now.", [pg] {
                                      return static_cast<double>(pg->primary_pool_stats().busy);
                                    }));
    out.push_back(registry.callback(MetricType::gauge, "journeyman_store_pool_open_connections",
                                    "PostgreSQL primary-pool connections open now.", [pg] {
                                      return static_cast<double>(pg->primary_pool_stats().open);
                                    }));
  }
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
  add_store_metrics(callbacks_, store, registry);
  infra::register_hook_metrics(rate_classes(router), registry);
}

}  // namespace jm
