// Request metrics: counts every response by route pattern, method and status, and times
// it per route. First in the chain, so its `after` runs last and sees every final answer:
// handler results, early errors from other middleware, static files, transport rejects.
//
// The hot path allocates nothing and takes no lock once warm: each route's histogram child
// is resolved when the chain is built, and its (method, status) counters are remembered in
// a small lock-free table on first use.
#include <array>
#include <atomic>
#include <chrono>
#include <unordered_map>

#include "http/middleware/standard.hpp"

namespace jm::http {

namespace {

// Latency buckets in seconds: 0.5 ms … 5 s.
const std::vector<double> kDurationBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                              0.1,    0.25,  0.5,    1,     2.5,  5};

// Remembers counters by a 32-bit key. Each slot's counter is written once (CAS from null)
// and its key after it, so a reader that sees the key also sees the counter. A race may
// remember one key twice; both entries then point at the same child, which is harmless.
class CounterCache {
 public:
  infra::Counter* find(std::uint32_t key) const {
    for (std::size_t i = 0; i < kSlots; ++i) {
      auto* counter = counters_[i].load(std::memory_order_acquire);
      if (!counter) return nullptr;  // slots fill in order: nothing beyond an empty one
      if (keys_[i].load(std::memory_order_acquire) == key) return counter;
    }
    return nullptr;
  }

  void remember(std::uint32_t key, infra::Counter* counter) {
    for (std::size_t i = 0; i < kSlots; ++i) {
      infra::Counter* expected = nullptr;
      if (counters_[i].compare_exchange_strong(expected, counter, std::memory_order_acq_rel)) {
        keys_[i].store(key, std::memory_order_release);
        return;
      }
    }
    // Full: further combinations take the family's lock each time (still correct).
  }

 private:
  static constexpr std::size_t kSlots = 16;
  std::array<std::atomic<std::uint32_t>, kSlots> keys_{};  // 0: not published yet
  std::array<std::atomic<infra::Counter*>, kSlots> counters_{};
};

struct RouteSlot {
  std::string label;  // the route pattern, "static" or "unmatched"
  infra::Histogram* duration = nullptr;
  CounterCache counters;
};

std::string_view method_label(Verb method) {
  if (method == Verb::unknown) return "OTHER";  // custom verbs: one bounded label value
  auto name = beast_http::to_string(method);
  return {name.data(), name.size()};
}

class RequestMetrics final : public Middleware {
 public:
  RequestMetrics(const Router& router, infra::Registry& registry)
      : requests_(registry.counter("journeyman_http_requests_total",
                                   "HTTP responses by route pattern, method and status.",
                                   {"route", "method", "status"})),
        durations_(registry.histogram("journeyman_http_request_duration_seconds",
                                      "Time from request headers read to response ready, by "
                                      "route pattern.",
                                      {"route"}, kDurationBuckets)),
        static_(make_slot("static")),
        unmatched_(make_slot("unmatched")) {
    for (const auto& route : router.routes()) {
      // Routes sharing a pattern (GET and POST /x) share one histogram child.
      routes_.emplace(route.get(), make_slot(route->pattern));
    }
  }

  void after(const Request& req, Response& res) override {
    auto now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
                   .count();
    RouteSlot* slot = slot_for(req, res);
    if (!slot) {
      count_uncached(req, res, now);
      return;
    }
    auto status = res.result_int();
    auto key = (static_cast<std::uint32_t>(req.method()) << 16) | (status & 0xffff);
    auto* counter = slot->counters.find(key);
    if (!counter) {
      counter =
          &requests_.labels({slot->label, method_label(req.method()), std::to_string(status)});
      slot->counters.remember(key, counter);
    }
    counter->inc();
    slot->duration->observe(static_cast<double>(now - req.started_ns) / 1e9);
  }

 private:
  std::unique_ptr<RouteSlot> make_slot(const std::string& label) {
    auto slot = std::make_unique<RouteSlot>();
    slot->label = label;
    slot->duration = &durations_.labels({label});
    return slot;
  }

  // Without a route, a GET/HEAD answered below 400 can only be the web app's files; every
  // other route-less answer (404, 405, preflights, transport rejects) is "unmatched" — never
  // the raw path, which would make the label set unbounded.
  RouteSlot* slot_for(const Request& req, const Response& res) {
    if (!req.route) {
      bool get = req.method() == Verb::get || req.method() == Verb::head;
      return get && res.result_int() < 400 ? static_.get() : unmatched_.get();
    }
    auto it = routes_.find(req.route);
    return it == routes_.end() ? nullptr : it->second.get();
  }

  // A route registered after the chain was built: correct, just not cached.
  void count_uncached(const Request& req, const Response& res, std::int64_t now) {
    const auto& pattern = req.route->pattern;
    requests_.labels({pattern, method_label(req.method()), std::to_string(res.result_int())}).inc();
    durations_.labels({pattern}).observe(static_cast<double>(now - req.started_ns) / 1e9);
  }

  infra::CounterFamily& requests_;
  infra::HistogramFamily& durations_;
  std::unique_ptr<RouteSlot> static_, unmatched_;
  std::unordered_map<const Route*, std::unique_ptr<RouteSlot>> routes_;  // read-only after ctor
};

}  // namespace

std::unique_ptr<Middleware> make_request_metrics(const Router& router, infra::Registry& registry) {
  return std::make_unique<RequestMetrics>(router, registry);
}

}  // namespace jm::http
