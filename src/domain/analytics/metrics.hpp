#pragma once
// Analytics figures from the store's aggregate rows: sums over days and modes, rates
// with zero guards, and duration quantiles read from the fixed histogram buckets
// (store/analytics_types.hpp). Pure functions, no I/O.
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "store/analytics_types.hpp"

namespace jm::domain::analytics {

using Buckets = std::array<std::int64_t, store::kDurationBuckets>;

// num / den, 0 when den is 0.
double ratio(double num, double den);

// The q-quantile (0 < q <= 1) of durations counted in `buckets`, interpolated linearly
// inside the bucket that holds it; the open last bucket answers its lower bound (an
// hour). 0 when nothing was counted.
double duration_quantile(const Buckets& buckets, double q);

// Summed counters of one or more (day, mode) rows.
struct Metrics {
  std::int64_t started = 0, finished = 0, solved = 0, shares = 0;
  std::int64_t correct_sum = 0, guess_sum = 0, duration_sum = 0, duration_count = 0;
  Buckets buckets{};

  Metrics& add(const store::DailyAggregate& row);

  double completion_rate() const { return ratio(static_cast<double>(finished), started); }
  double solve_rate() const { return ratio(static_cast<double>(solved), finished); }
  double accuracy() const { return ratio(static_cast<double>(correct_sum), guess_sum); }
  double average_duration() const {
    return ratio(static_cast<double>(duration_sum), duration_count);
  }
  double p50_duration() const { return duration_quantile(buckets, 0.5); }
  double p90_duration() const { return duration_quantile(buckets, 0.9); }
};

struct Summary {
  Metrics total;
  std::vector<std::pair<std::string, Metrics>> by_mode;  // modes with data, by name
};

Summary summarise(const std::vector<store::DailyAggregate>& rows);

// One entry per calendar day from `from_day` to `to_day` (inclusive), summed over the
// rows' modes; days without rows are zero.
std::vector<std::pair<std::int64_t, Metrics>> per_day(
    const std::vector<store::DailyAggregate>& rows, std::int64_t from_day, std::int64_t to_day);

}  // namespace jm::domain::analytics
