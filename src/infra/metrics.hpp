#pragma once
// A small Prometheus metrics registry rendered in the text exposition format 0.0.4.
//
// Families (counter, gauge, histogram) have fixed label names; a child per tuple of label
// values is created on first use. Looking a child up takes the family's lock, so hot paths
// look it up once and keep the reference: children live as long as the registry and are
// never removed. Updating a child is lock-free (atomics only).
//
// Callback metrics read a value at scrape time (queue depths, counters another component
// already keeps); they are registered with an RAII handle that unregisters them, so a
// callback never outlives what it reads.
//
// Debian 12 packages prometheus-cpp 1.0.1, but its Histogram::Observe takes a mutex on
// every call, it has no callback metrics, and its CMake package hard-requires civetweb and
// libcurl development files; the registry below is what we need and no more.
#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace jm::infra {

enum class MetricType { counter, gauge, histogram };

// Monotonic. inc() is one atomic add; add() takes fractional amounts (e.g. seconds).
class Counter {
 public:
  void inc(std::uint64_t n = 1) noexcept { whole_.fetch_add(n, std::memory_order_relaxed); }
  // Negative amounts are ignored: a counter never goes down.
  void add(double amount) noexcept;
  double value() const noexcept;
  void reset() noexcept;

 private:
  std::atomic<std::uint64_t> whole_{0};
  std::atomic<double> fraction_{0};
};

class Gauge {
 public:
  void set(double v) noexcept { value_.store(v, std::memory_order_relaxed); }
  void add(double delta) noexcept { value_.fetch_add(delta, std::memory_order_relaxed); }
  void inc() noexcept { add(1); }
  void dec() noexcept { add(-1); }
  double value() const noexcept { return value_.load(std::memory_order_relaxed); }
  void reset() noexcept { set(0); }

 private:
  std::atomic<double> value_{0};
};

// Observations counted per bucket (upper bounds, inclusive) plus one overflow bucket;
// cumulative counts are computed when rendering, so le="+Inf" always equals _count.
class Histogram {
 public:
  explicit Histogram(const std::vector<double>& bounds);
  void observe(double v) noexcept;

  struct Snapshot {
    std::vector<std::uint64_t> cumulative;  // one per bound, then +Inf (== count)
    double sum = 0;
    std::uint64_t count = 0;
  };
  Snapshot snapshot() const;
  const std::vector<double>& bounds() const { return bounds_; }
  void reset() noexcept;

 private:
  const std::vector<double>& bounds_;  // owned by the family
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;
  std::atomic<double> sum_{0};
};

// What every family shares: its name, help, type and label names.
class MetricFamily {
 public:
  MetricFamily(std::string name, std::string help, MetricType type,
               std::vector<std::string> label_names);
  virtual ~MetricFamily() = default;
  MetricFamily(const MetricFamily&) = delete;
  MetricFamily& operator=(const MetricFamily&) = delete;

  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  MetricType type() const { return type_; }
  const std::vector<std::string>& label_names() const { return label_names_; }

  // Appends "# HELP", "# TYPE" and every sample.
  virtual void render(std::string& out) const = 0;
  // Sets every value to zero (children stay: references held elsewhere remain valid).
  virtual void reset() = 0;

 protected:
  void render_header(std::string& out) const;

 private:
  std::string name_, help_;
  MetricType type_;
  std::vector<std::string> label_names_;
};

template <class Metric>
class Family final : public MetricFamily {
 public:
  Family(std::string name, std::string help, std::vector<std::string> label_names,
         std::vector<double> buckets = {});

  // The child for these label values, one per label name and in that order; created on
  // first use. Throws std::invalid_argument when the count is wrong. Takes a lock: keep
  // the reference.
  Metric& labels(std::initializer_list<std::string_view> values);
  Metric& labels(const std::vector<std::string>& values);
  // The one child of a family without labels (created with the family, so it renders 0).
  Metric& get() { return labels({}); }

  const std::vector<double>& buckets() const { return buckets_; }
  void render(std::string& out) const override;
  void reset() override;

 private:
  Metric& child(std::vector<std::string> values);

  const std::vector<double> buckets_;  // histograms only
  mutable std::mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<Metric>> children_;  // guarded by mu_
};

using CounterFamily = Family<Counter>;
using GaugeFamily = Family<Gauge>;
using HistogramFamily = Family<Histogram>;

class Registry;

// Keeps a callback metric registered; unregisters it when destroyed.
class CallbackRegistration {
 public:
  CallbackRegistration() = default;
  CallbackRegistration(Registry* registry, std::string name)
      : registry_(registry), name_(std::move(name)) {}
  CallbackRegistration(CallbackRegistration&& other) noexcept;
  CallbackRegistration& operator=(CallbackRegistration&& other) noexcept;
  CallbackRegistration(const CallbackRegistration&) = delete;
  CallbackRegistration& operator=(const CallbackRegistration&) = delete;
  ~CallbackRegistration();

 private:
  void release() noexcept;
  Registry* registry_ = nullptr;
  std::string name_;
};

class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Registers a family, or returns the one already registered under that name when type,
  // label names (and buckets) are the same; throws std::invalid_argument otherwise, and for
  // names that break the Prometheus grammar.
  CounterFamily& counter(std::string name, std::string help,
                         std::vector<std::string> label_names = {});
  GaugeFamily& gauge(std::string name, std::string help, std::vector<std::string> label_names = {});
  // `buckets`: finite upper bounds, strictly increasing (+Inf is implicit).
  HistogramFamily& histogram(std::string name, std::string help,
                             std::vector<std::string> label_names, std::vector<double> buckets);

  // A counter or gauge without labels whose value `read` returns at scrape time. `read`
  // runs on the scraping thread with the registry locked: keep it cheap, never call back
  // into the registry. Throws std::invalid_argument when the name is taken.
  [[nodiscard]] CallbackRegistration callback(MetricType type, std::string name, std::string help,
                                              std::function<double()> read);

  // Every family in registration order, in the text exposition format 0.0.4.
  std::string render() const;
  // Zeroes every counter, gauge and histogram; keeps families, children and callbacks.
  void reset();

 private:
  friend class CallbackRegistration;
  template <class Metric>
  Family<Metric>& add(std::string name, std::string help, MetricType type,
                      std::vector<std::string> label_names, std::vector<double> buckets);
  void unregister(const std::string& name) noexcept;

  mutable std::mutex mu_;
  std::vector<std::unique_ptr<MetricFamily>> families_;  // guarded by mu_
};

// The process-wide registry the service exposes on GET /metrics. Never destroyed, so
// references to it and its children stay valid until exit; tests call reset().
Registry& metrics();

// Prometheus text-format helpers (exposed for tests).
bool is_valid_metric_name(std::string_view name);
bool is_valid_label_name(std::string_view name);
std::string escape_label_value(std::string_view value);
// Shortest round-trip decimal; NaN, +Inf, -Inf spelled as Prometheus expects.
std::string format_value(double v);

}  // namespace jm::infra
