#pragma once
// Exposes what the service already counts — connections and requests in flight (net),
// the store's group commit, the process — as callback metrics read at scrape time, and
// registers the hook families other modules bump (infra/metric_hooks.hpp).
#include <cstdint>
#include <vector>

#include "http/router.hpp"
#include "infra/metrics.hpp"
#include "net/server.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace jm {

class ServiceMetrics {
 public:
  // Everything passed in must outlive this object: declare it after them, so its
  // destructor unregisters the callbacks before what they read goes away.
  ServiceMetrics(const net::Server& server, const store::Store& store, const http::Router& router,
                 const Clock& clock, std::int64_t started_at_ms,
                 infra::Registry& registry = infra::metrics());

 private:
  std::vector<infra::CallbackRegistration> callbacks_;
};

}  // namespace jm
