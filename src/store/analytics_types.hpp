#pragma once
// What the Store's analytics reads return: rows of the aggregate tables of migration 004
// (kept current by every game write, recomputed by rebuild_aggregates). Rates, quantiles
// and zero-filling are domain work (domain/analytics/), not the store's.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jm::store {

// Duration histogram buckets, in seconds: bucket i holds durations d with
// kDurationBucketUpper[i-1] < d <= kDurationBucketUpper[i] (bucket 0 from 0), and the
// last bucket everything above an hour. Fixed: the stored rows are counts per bucket
// index, so changing a bound needs a rebuild_aggregates.
inline constexpr std::array<int, 16> kDurationBucketUpper = {
    10, 20, 30, 45, 60, 90, 120, 180, 240, 300, 420, 600, 900, 1200, 1800, 3600};
inline constexpr int kDurationBuckets = static_cast<int>(kDurationBucketUpper.size()) + 1;

constexpr int duration_bucket(int seconds) {
  int i = 0;
  while (i < static_cast<int>(kDurationBucketUpper.size()) &&
         seconds > kDurationBucketUpper[static_cast<std::size_t>(i)]) {
    ++i;
  }
  return i;
}

// One (UTC day, mode) row of agg_daily with its duration histogram.
struct DailyAggregate {
  std::int64_t day = 0;  // days since 1970-01-01
  std::string mode;
  std::int64_t started = 0, finished = 0, solved = 0;
  std::int64_t correct_sum = 0, guess_sum = 0;
  std::int64_t duration_sum = 0, duration_count = 0;  // seconds, games with a duration
  std::int64_t shares = 0;
  std::array<std::int64_t, kDurationBuckets> duration_buckets{};
};

// Days [from_day, to_day] (inclusive); empty mode = every mode.
struct DailyQuery {
  std::int64_t from_day = 0, to_day = 0;
  std::string mode;
};

// One row of agg_monthly: finished games and distinct players per game type and month.
struct MonthlyAggregate {
  std::string game_type;
  std::string month;  // "YYYY-MM" (UTC)
  std::int64_t games = 0, players = 0;
};

enum class CareerSort { hardest, most_shown, easiest };

struct CareerQuery {
  CareerSort sort = CareerSort::hardest;
  int limit = 20, offset = 0;
  int min_shown = 5;  // careers shown fewer times are left out
};

// Lifetime aggregates of one NFL career over server-game rounds.
struct CareerAggregate {
  std::int64_t nfl_player_id = 0;
  std::string name;
  int teams = 0;  // stints in the career
  std::int64_t shown = 0, solved = 0;
  std::int64_t guess_sum = 0;         // over every round shown
  std::int64_t teams_solved_sum = 0;  // teams revealed, over solved rounds
};

struct CareerPage {
  std::vector<CareerAggregate> items;
  std::int64_t total = 0;  // careers matching min_shown
};

// What rebuild_aggregates wrote (rows per table).
struct AggregateRebuildReport {
  std::int64_t daily_rows = 0, duration_rows = 0, monthly_rows = 0, member_rows = 0,
               career_rows = 0;
};

}  // namespace jm::store
