#include "domain/analytics/date_range.hpp"

#include <array>
#include <cstdio>

#include "util/civil_time.hpp"

namespace jm::domain::analytics {
namespace {

std::optional<int> digits(std::string_view s) {
  int value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

std::optional<std::int64_t> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = digits(text.substr(0, 4));
  const auto m = digits(text.substr(5, 2));
  const auto d = digits(text.substr(8, 2));
  if (!y || !m || !d || *y < 1970 || *m < 1 || *m > 12 || *d < 1 || *d > 31) return std::nullopt;
  const auto day = days_from_civil(*y, static_cast<unsigned>(*m), static_cast<unsigned>(*d));
  // 2026-02-30 rolls over to March: not a real date.
  const CivilDate back = civil_from_days(day);
  if (back.month != static_cast<unsigned>(*m) || back.day != static_cast<unsigned>(*d)) {
    return std::nullopt;
  }
  return day;
}

std::string format_date(std::int64_t day) {
  const CivilDate c = civil_from_days(day);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.year, c.month, c.day);
  return buf;
}

bool is_mode(std::string_view mode) {
  static constexpr std::array<std::string_view, 4> kModes = {"easy", "challenge", "daily",
                                                             "practice"};
  for (auto m : kModes) {
    if (m == mode) return true;
  }
  return false;
}

std::variant<DateRange, FieldError> parse_range(const std::optional<std::string>& from,
                                                const std::optional<std::string>& to,
                                                const std::optional<std::string>& mode,
                                                std::int64_t today) {
  DateRange range;
  range.to_day = today;
  if (to) {
    const auto day = parse_date(*to);
    if (!day) return FieldError{"to", "to must be a date YYYY-MM-DD"};
    range.to_day = *day;
  }
  range.from_day = range.to_day - (kDefaultRangeDays - 1);
  if (from) {
    const auto day = parse_date(*from);
    if (!day) return FieldError{"from", "from must be a date YYYY-MM-DD"};
    range.from_day = *day;
  }
  if (range.from_day > range.to_day) return FieldError{"from", "from must not be after to"};
  if (range.to_day - range.from_day + 1 > kMaxRangeDays) {
    return FieldError{"from", "the range from..to is at most 366 days"};
  }
  if (mode) {
    if (!is_mode(*mode)) {
      return FieldError{"mode", "mode must be easy, challenge, daily or practice"};
    }
    range.mode = *mode;
  }
  return range;
}

}  // namespace jm::domain::analytics
