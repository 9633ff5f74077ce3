#include "domain/game/calendar.hpp"

#include <charconv>
#include <cstdio>
#include <utility>

namespace jm::domain {

std::optional<std::int64_t> parse_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  const auto num = [&](std::size_t pos, std::size_t len) -> std::optional<int> {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  const auto y = num(0, 4), m = num(5, 2), d = num(8, 2);
  if (!y || !m || !d || *m < 1 || *m > 12 || *d < 1) return std::nullopt;
  const auto days = days_from_civil(*y, static_cast<unsigned>(*m), static_cast<unsigned>(*d));
  // Round-trip rejects day numbers the month does not have.
  const CivilDate back = civil_from_days(days);
  if (back.month != static_cast<unsigned>(*m) || back.day != static_cast<unsigned>(*d))
    return std::nullopt;
  return days;
}

std::string format_date(std::int64_t days) {
  const CivilDate c = civil_from_days(days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.year, c.month, c.day);
  return buf;
}

std::string format_timestamp(std::int64_t ms) {
  const std::int64_t day = day_of(ms);
  const std::int64_t secs = (ms - day * kMsPerDay) / 1000;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", format_date(day).c_str(),
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                static_cast<int>(secs % 60));
  return buf;
}

std::uint64_t SplitMix64::next() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

namespace {

template <class Rng>
std::uint64_t below(Rng& rng, std::uint64_t bound) {
  // Reject the top sliver of the 64-bit range that would make some residues more likely.
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  for (;;) {
    const std::uint64_t x = static_cast<std::uint64_t>(rng());
    if (x < limit) return x % bound;
  }
}

template <class Rng>
std::vector<std::size_t> shuffle_n(std::size_t n, Rng& rng) {
  std::vector<std::size_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = i;
  for (std::size_t i = n; i > 1; --i) std::swap(v[i - 1], v[below(rng, i)]);
  return v;
}

struct SplitMixAdapter {
  SplitMix64& r;
  std::uint64_t operator()() { return r.next(); }
};

}  // namespace

std::uint64_t uniform_below(SplitMix64& rng, std::uint64_t bound) {
  SplitMixAdapter a{rng};
  return below(a, bound);
}
std::uint64_t uniform_below(std::mt19937_64& rng, std::uint64_t bound) {
  return below(rng, bound);
}

std::vector<std::size_t> shuffled_indices(std::size_t n, SplitMix64& rng) {
  SplitMixAdapter a{rng};
  return shuffle_n(n, a);
}
std::vector<std::size_t> shuffled_indices(std::size_t n, std::mt19937_64& rng) {
  return shuffle_n(n, rng);
}

std::optional<int> DailySchedule::number_for_day(std::int64_t day) const {
  if (day < kFirstDay) return std::nullopt;
  return static_cast<int>(day - kFirstDay + 1);
}

std::optional<int> DailySchedule::number_for_date(std::string_view d) const {
  const auto day = parse_date(d);
  if (!day) return std::nullopt;
  return number_for_day(*day);
}

std::vector<std::size_t> DailySchedule::cycle_order(std::uint64_t cycle) const {
  // One independent stream per cycle: mix seed and cycle so neighbouring cycles are unrelated.
  SplitMix64 mix(seed_ ^ (cycle * 0xD1B54A32D192ED03ULL));
  SplitMix64 rng(mix.next());
  auto order = shuffled_indices(pool_size_, rng);
  if (cycle > 0 && pool_size_ >= 3) {
    // Swapping the first two never touches the last element, so this rule does not recurse.
    SplitMix64 pmix(seed_ ^ ((cycle - 1) * 0xD1B54A32D192ED03ULL));
    SplitMix64 prng(pmix.next());
    const auto prev = shuffled_indices(pool_size_, prng);
    if (order.front() == prev.back()) std::swap(order[0], order[1]);
  }
  return order;
}

std::size_t DailySchedule::career_for_number(int number) const {
  if (pool_size_ == 0) return 0;
  const auto n = static_cast<std::uint64_t>(number < 1 ? 1 : number) - 1;
  return cycle_order(n / pool_size_)[n % pool_size_];
}

std::optional<std::size_t> DailySchedule::career_for_date(std::string_view d) const {
  const auto n = number_for_date(d);
  if (!n) return std::nullopt;
  return career_for_number(*n);
}

int DailySchedule::today_number(std::int64_t now_ms) const {
  return number_for_day(day_of(now_ms)).value_or(0);
}

}  // namespace jm::domain
