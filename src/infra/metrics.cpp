#include "infra/metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace jm::infra {

namespace {

bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// HELP text escapes only backslash and newline.
void append_help(std::string& out, std::string_view help) {
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

void append_labels(std::string& out, const std::vector<std::string>& names,
                   const std::vector<std::string>& values, std::string_view extra_name = {},
                   std::string_view extra_value = {}) {
  if (names.empty() && extra_name.empty()) return;
  out += '{';
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ',';
    out += names[i];
    out += "=\"";
    out += escape_label_value(values[i]);
    out += '"';
  }
  if (!extra_name.empty()) {
    if (!names.empty()) out += ',';
    out += extra_name;
    out += "=\"";
    out += extra_value;
    out += '"';
  }
  out += '}';
}

void append_sample(std::string& out, std::string_view name, std::string_view suffix,
                   const std::vector<std::string>& label_names,
                   const std::vector<std::string>& values, std::string_view value,
                   std::string_view extra_name = {}, std::string_view extra_value = {}) {
  out += name;
  out += suffix;
  append_labels(out, label_names, values, extra_name, extra_value);
  out += ' ';
  out += value;
  out += '\n';
}

const char* type_name(MetricType type) {
  switch (type) {
    case MetricType::counter:
      return "counter";
    case MetricType::gauge:
      return "gauge";
    case MetricType::histogram:
      return "histogram";
  }
  return "untyped";
}

template <class Metric>
constexpr MetricType type_of() {
  if constexpr (std::is_same_v<Metric, Counter>) return MetricType::counter;
  if constexpr (std::is_same_v<Metric, Gauge>) return MetricType::gauge;
  return MetricType::histogram;
}

void validate(const std::string& name, MetricType type, const std::vector<std::string>& labels,
              const std::vector<double>& buckets) {
  if (!is_valid_metric_name(name)) throw std::invalid_argument("invalid metric name: " + name);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (!is_valid_label_name(labels[i])) {
      throw std::invalid_argument("invalid label name '" + labels[i] + "' on " + name);
    }
    if (std::find(labels.begin(), labels.begin() + static_cast<std::ptrdiff_t>(i), labels[i]) !=
        labels.begin() + static_cast<std::ptrdiff_t>(i)) {
      throw std::invalid_argument("duplicate label name '" + labels[i] + "' on " + name);
    }
    if (type == MetricType::histogram && labels[i] == "le") {
      throw std::invalid_argument("histogram " + name + " may not use the label 'le'");
    }
  }
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    if (!std::isfinite(buckets[i]) || (i > 0 && buckets[i] <= buckets[i - 1])) {
      throw std::invalid_argument("histogram " + name +
                                  ": buckets must be finite and strictly increasing");
    }
  }
}

// A counter or gauge read at scrape time.
class CallbackFamily final : public MetricFamily {
 public:
  CallbackFamily(std::string name, std::string help, MetricType type, std::function<double()> read)
      : MetricFamily(std::move(name), std::move(help), type, {}), read_(std::move(read)) {}

  void render(std::string& out) const override {
    render_header(out);
    append_sample(out, name(), "", {}, {}, format_value(read_()));
  }
  void reset() override {}

 private:
  std::function<double()> read_;
};

}  // namespace

// ---- helpers -------------------------------------------------------------------------------

bool is_valid_metric_name(std::string_view name) {
  if (name.empty() || !(is_name_start(name[0]) || name[0] == ':')) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return is_name_start(c) || is_digit(c) || c == ':'; });
}

bool is_valid_label_name(std::string_view name) {
  if (name.empty() || !is_name_start(name[0])) return false;
  if (name.substr(0, 2) == "__") return false;  // reserved for Prometheus itself
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return is_name_start(c) || is_digit(c); });
}

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string format_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", v);
}

// ---- metric types --------------------------------------------------------------------------

void Counter::add(double amount) noexcept {
  if (!(amount > 0)) return;  // also drops NaN
  fraction_.fetch_add(amount, std::memory_order_relaxed);
}

double Counter::value() const noexcept {
  return static_cast<double>(whole_.load(std::memory_order_relaxed)) +
         fraction_.load(std::memory_order_relaxed);
}

void Counter::reset() noexcept {
  whole_.store(0, std::memory_order_relaxed);
  fraction_.store(0, std::memory_order_relaxed);
}

Histogram::Histogram(const std::vector<double>& bounds)
    : bounds_(bounds), counts_(new std::atomic<std::uint64_t>[bounds.size() + 1]) {
  for (std::size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0);
}

void Histogram::observe(double v) noexcept {
  // Buckets are few (about a dozen): a linear scan beats a binary search here.
  std::size_t i = 0;
  while (i < bounds_.size() && !(v <= bounds_[i])) ++i;
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(v, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot s;
  s.cumulative.reserve(bounds_.size() + 1);
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    s.cumulative.push_back(running);
  }
  s.count = running;
  s.sum = sum_.load(std::memory_order_relaxed);
  return s;
}

void Histogram::reset() noexcept {
  for (std::size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0);
  sum_.store(0);
}

// ---- families ------------------------------------------------------------------------------

MetricFamily::MetricFamily(std::string name, std::string help, MetricType type,
                           std::vector<std::string> label_names)
    : name_(std::move(name)),
      help_(std::move(help)),
      type_(type),
      label_names_(std::move(label_names)) {}

void MetricFamily::render_header(std::string& out) const {
  out += "# HELP ";
  out += name_;
  out += ' ';
  append_help(out, help_);
  out += "\n# TYPE ";
  out += name_;
  out += ' ';
  out += type_name(type_);
  out += '\n';
}

template <class Metric>
Family<Metric>::Family(std::string name, std::string help, std::vector<std::string> label_names,
                       std::vector<double> buckets)
    : MetricFamily(std::move(name), std::move(help), type_of<Metric>(), std::move(label_names)),
      buckets_(std::move(buckets)) {
  if (MetricFamily::label_names().empty())
    child({});  // a label-less metric exists (at 0) from the start
}

template <class Metric>
Metric& Family<Metric>::labels(std::initializer_list<std::string_view> values) {
  return child(std::vector<std::string>(values.begin(), values.end()));
}

template <class Metric>
Metric& Family<Metric>::labels(const std::vector<std::string>& values) {
  return child(values);
}

template <class Metric>
Metric& Family<Metric>::child(std::vector<std::string> values) {
  if (values.size() != label_names().size()) {
    throw std::invalid_argument(fmt::format("{}: {} label values given, {} expected", name(),
                                            values.size(), label_names().size()));
  }
  std::lock_guard lock(mu_);
  auto it = children_.find(values);
  if (it == children_.end()) {
    std::unique_ptr<Metric> metric;
    if constexpr (std::is_same_v<Metric, Histogram>) {
      metric = std::make_unique<Histogram>(buckets_);
    } else {
      metric = std::make_unique<Metric>();
    }
    it = children_.emplace(std::move(values), std::move(metric)).first;
  }
  return *it->second;
}

template <class Metric>
void Family<Metric>::render(std::string& out) const {
  render_header(out);
  std::lock_guard lock(mu_);
  for (const auto& [values, metric] : children_) {
    if constexpr (std::is_same_v<Metric, Histogram>) {
      auto snap = metric->snapshot();
      for (std::size_t i = 0; i < buckets_.size(); ++i) {
        append_sample(out, name(), "_bucket", label_names(), values,
                      std::to_string(snap.cumulative[i]), "le", format_value(buckets_[i]));
      }
      append_sample(out, name(), "_bucket", label_names(), values, std::to_string(snap.count), "le",
                    "+Inf");
      append_sample(out, name(), "_sum", label_names(), values, format_value(snap.sum));
      append_sample(out, name(), "_count", label_names(), values, std::to_string(snap.count));
    } else {
      append_sample(out, name(), "", label_names(), values, format_value(metric->value()));
    }
  }
}

template <class Metric>
void Family<Metric>::reset() {
  std::lock_guard lock(mu_);
  for (auto& entry : children_) entry.second->reset();
}

template class Family<Counter>;
template class Family<Gauge>;
template class Family<Histogram>;

// ---- registry ------------------------------------------------------------------------------

template <class Metric>
Family<Metric>& Registry::add(std::string name, std::string help, MetricType type,
                              std::vector<std::string> label_names, std::vector<double> buckets) {
  validate(name, type, label_names, buckets);
  std::lock_guard lock(mu_);
  for (auto& family : families_) {
    if (family->name() != name) continue;
    auto* same = dynamic_cast<Family<Metric>*>(family.get());
    if (!same || same->label_names() != label_names || same->buckets() != buckets) {
      throw std::invalid_argument("metric " + name + " is already registered differently");
    }
    return *same;
  }
  auto family = std::make_unique<Family<Metric>>(std::move(name), std::move(help),
                                                 std::move(label_names), std::move(buckets));
  auto& ref = *family;
  families_.push_back(std::move(family));
  return ref;
}

CounterFamily& Registry::counter(std::string name, std::string help,
                                 std::vector<std::string> label_names) {
  return add<Counter>(std::move(name), std::move(help), MetricType::counter, std::move(label_names),
                      {});
}

GaugeFamily& Registry::gauge(std::string name, std::string help,
                             std::vector<std::string> label_names) {
  return add<Gauge>(std::move(name), std::move(help), MetricType::gauge, std::move(label_names),
                    {});
}

HistogramFamily& Registry::histogram(std::string name, std::string help,
                                     std::vector<std::string> label_names,
                                     std::vector<double> buckets) {
  if (buckets.empty()) throw std::invalid_argument("histogram " + name + " needs buckets");
  return add<Histogram>(std::move(name), std::move(help), MetricType::histogram,
                        std::move(label_names), std::move(buckets));
}

CallbackRegistration Registry::callback(MetricType type, std::string name, std::string help,
                                        std::function<double()> read) {
  if (type == MetricType::histogram) {
    throw std::invalid_argument("callback metric " + name + " must be a counter or a gauge");
  }
  validate(name, type, {}, {});
  std::lock_guard lock(mu_);
  for (auto& family : families_) {
    if (family->name() == name) throw std::invalid_argument("metric " + name + " exists already");
  }
  families_.push_back(
      std::make_unique<CallbackFamily>(name, std::move(help), type, std::move(read)));
  return CallbackRegistration(this, std::move(name));
}

void Registry::unregister(const std::string& name) noexcept {
  std::lock_guard lock(mu_);
  std::erase_if(families_, [&](const auto& family) {
    return family->name() == name && dynamic_cast<CallbackFamily*>(family.get()) != nullptr;
  });
}

std::string Registry::render() const {
  std::string out;
  out.reserve(16 * 1024);
  std::lock_guard lock(mu_);
  for (const auto& family : families_) family->render(out);
  return out;
}

void Registry::reset() {
  std::lock_guard lock(mu_);
  for (auto& family : families_) family->reset();
}

Registry& metrics() {
  static Registry* const registry = new Registry();  // never destroyed: see the header
  return *registry;
}

// ---- callback registration -----------------------------------------------------------------

CallbackRegistration::CallbackRegistration(CallbackRegistration&& other) noexcept
    : registry_(std::exchange(other.registry_, nullptr)), name_(std::move(other.name_)) {}

CallbackRegistration& CallbackRegistration::operator=(CallbackRegistration&& other) noexcept {
  if (this != &other) {
    release();
    registry_ = std::exchange(other.registry_, nullptr);
    name_ = std::move(other.name_);
  }
  return *this;
}

CallbackRegistration::~CallbackRegistration() {
  release();
}

void CallbackRegistration::release() noexcept {
  if (registry_) registry_->unregister(name_);
  registry_ = nullptr;
}

}  // namespace jm::infra
