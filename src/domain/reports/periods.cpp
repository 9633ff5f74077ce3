#include "domain/reports/periods.hpp"

#include <fmt/format.h>

#include "util/civil_time.hpp"

namespace jm::domain::reports {

std::optional<Period> parse_period(std::string_view text) {
  if (text == "day") return Period::day;
  if (text == "week") return Period::week;
  if (text == "month") return Period::month;
  return std::nullopt;
}

const char* period_name(Period p) {
  switch (p) {
    case Period::day:
      return "day";
    case Period::week:
      return "week";
    case Period::month:
      return "month";
  }
  return "day";
}

std::int64_t period_start(Period p, std::int64_t ms) {
  const std::int64_t day = day_of(ms);
  switch (p) {
    case Period::day:
      return day * kMsPerDay;
    case Period::week: {
      // 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays.
      const std::int64_t since_monday = ((day + 3) % 7 + 7) % 7;
      return (day - since_monday) * kMsPerDay;
    }
    case Period::month: {
      const auto date = civil_from_days(day);
      return days_from_civil(date.year, date.month, 1) * kMsPerDay;
    }
  }
  return day * kMsPerDay;
}

std::int64_t period_shift(Period p, std::int64_t start_ms, int steps) {
  switch (p) {
    case Period::day:
      return start_ms + steps * kMsPerDay;
    case Period::week:
      return start_ms + steps * 7 * kMsPerDay;
    case Period::month: {
      const auto date = civil_from_days(day_of(start_ms));
      const int index = date.year * 12 + static_cast<int>(date.month) - 1 + steps;
      const int year = index >= 0 ? index / 12 : -((-index + 11) / 12);
      const auto month = static_cast<unsigned>(index - year * 12 + 1);
      return days_from_civil(year, month, 1) * kMsPerDay;
    }
  }
  return start_ms;
}

std::string date_label(std::int64_t ms) {
  const auto date = civil_from_days(day_of(ms));
  return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
}

}  // namespace jm::domain::reports
