#pragma once
// UTC civil-calendar arithmetic and the daily puzzle schedule. No time zones, no clocks: callers
// pass milliseconds since the Unix epoch.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "util/civil_time.hpp"

namespace jm::domain {

using jm::civil_from_days;
using jm::CivilDate;
using jm::day_of;
using jm::days_from_civil;
using jm::kMsPerDay;

// "YYYY-MM-DD" ↔ days since the epoch; parse rejects anything else (incl. 2025-02-30).
std::optional<std::int64_t> parse_date(std::string_view text);
std::string format_date(std::int64_t days);

// "YYYY-MM-DDTHH:MM:SSZ" for an instant (for resetsAt).
std::string format_timestamp(std::int64_t ms);

// A tiny PRNG whose output is fixed by its definition (unlike std:: distributions), so the daily
// schedule is identical on every build, library and instance.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();

 private:
  std::uint64_t state_;
};

// Uniform integer in [0, bound) without modulo bias (rejection sampling). bound > 0.
std::uint64_t uniform_below(SplitMix64& rng, std::uint64_t bound);
std::uint64_t uniform_below(std::mt19937_64& rng, std::uint64_t bound);

// Unbiased Fisher–Yates over [0, n).
std::vector<std::size_t> shuffled_indices(std::size_t n, SplitMix64& rng);
std::vector<std::size_t> shuffled_indices(std::size_t n, std::mt19937_64& rng);

// Daily puzzles: number 1 is 2025-01-01 (UTC), one per day. Days are grouped in cycles of
// pool_size; each cycle plays a fresh seeded permutation of the pool, so no career repeats
// until all have been used, and (for pools of 3+) a cycle never starts with the career that
// ended the previous one.
class DailySchedule {
 public:
  static constexpr std::int64_t kFirstDay = 20089;                      // 2025-01-01
  static constexpr std::uint64_t kDefaultSeed = 0x4A4F55524E45594DULL;  // "JOURNEYM"

  DailySchedule(std::size_t pool_size, std::uint64_t seed = kDefaultSeed)
      : pool_size_(pool_size), seed_(seed) {}

  std::size_t pool_size() const { return pool_size_; }

  // nullopt before 2025-01-01.
  std::optional<int> number_for_day(std::int64_t day) const;
  std::optional<int> number_for_date(std::string_view yyyy_mm_dd) const;
  std::int64_t day_for_number(int number) const { return kFirstDay + number - 1; }
  std::string date_for_number(int number) const { return format_date(day_for_number(number)); }
  // Career index (into the pool) of puzzle `number` (≥ 1). pool_size must be > 0.
  std::size_t career_for_number(int number) const;
  std::optional<std::size_t> career_for_date(std::string_view yyyy_mm_dd) const;

  int today_number(std::int64_t now_ms) const;  // 0 before 2025-01-01
  // Next 00:00 UTC strictly after now_ms, in ms.
  static std::int64_t resets_at(std::int64_t now_ms) { return (day_of(now_ms) + 1) * kMsPerDay; }

  // The permutation of cycle `cycle` (0-based).
  std::vector<std::size_t> cycle_order(std::uint64_t cycle) const;

 private:
  std::size_t pool_size_;
  std::uint64_t seed_;
};

}  // namespace jm::domain
