#include "domain/analytics/metrics.hpp"

#include <map>

namespace jm::domain::analytics {

double ratio(double num, double den) {
  return den == 0 ? 0.0 : num / den;
}

double duration_quantile(const Buckets& buckets, double q) {
  std::int64_t total = 0;
  for (auto n : buckets) total += n;
  if (total <= 0) return 0.0;
  const double target = q * static_cast<double>(total);
  double below = 0;
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    const auto n = static_cast<double>(buckets[i]);
    if (n <= 0 || below + n < target) {
      below += n;
      continue;
    }
    const double lower = i == 0 ? 0.0 : store::kDurationBucketUpper[i - 1];
    if (i >= store::kDurationBucketUpper.size()) return lower;  // open-ended last bucket
    const double upper = store::kDurationBucketUpper[i];
    return lower + (upper - lower) * (target - below) / n;
  }
  return static_cast<double>(store::kDurationBucketUpper.back());
}

Metrics& Metrics::add(const store::DailyAggregate& row) {
  started += row.started;
  finished += row.finished;
  solved += row.solved;
  shares += row.shares;
  correct_sum += row.correct_sum;
  guess_sum += row.guess_sum;
  duration_sum += row.duration_sum;
  duration_count += row.duration_count;
  for (std::size_t i = 0; i < buckets.size(); ++i) buckets[i] += row.duration_buckets[i];
  return *this;
}

Summary summarise(const std::vector<store::DailyAggregate>& rows) {
  Summary out;
  std::map<std::string, Metrics> modes;
  for (const auto& row : rows) {
    out.total.add(row);
    modes[row.mode].add(row);
  }
  for (auto& [mode, metrics] : modes) out.by_mode.emplace_back(mode, metrics);
  return out;
}

std::vector<std::pair<std::int64_t, Metrics>> per_day(
    const std::vector<store::DailyAggregate>& rows, std::int64_t from_day, std::int64_t to_day) {
  std::vector<std::pair<std::int64_t, Metrics>> days;
  if (to_day < from_day) return days;
  days.reserve(static_cast<std::size_t>(to_day - from_day + 1));
  for (std::int64_t d = from_day; d <= to_day; ++d) days.emplace_back(d, Metrics{});
  for (const auto& row : rows) {
    if (row.day < from_day || row.day > to_day) continue;
    days[static_cast<std::size_t>(row.day - from_day)].second.add(row);
  }
  return days;
}

}  // namespace jm::domain::analytics
