// Trend buckets: UTC days, Monday-first weeks, months, and stepping between them.
#include <gtest/gtest.h>

#include "domain/reports/periods.hpp"
#include "util/time_format.hpp"

namespace jm::domain::reports {
namespace {

std::int64_t at(const char* iso) {
  return *parse_iso8601_ms(iso);
}

TEST(Periods, ParseAndName) {
  EXPECT_EQ(parse_period("week"), Period::week);
  EXPECT_FALSE(parse_period("year"));
  EXPECT_FALSE(parse_period(""));
  EXPECT_STREQ(period_name(Period::month), "month");
}

TEST(Periods, StartOfDayWeekAndMonth) {
  const auto t = at("2026-11-26T13:45:00Z");  // a Thursday
  EXPECT_EQ(period_start(Period::day, t), at("2026-11-26"));
  EXPECT_EQ(period_start(Period::week, t), at("2026-11-23")) << "the Monday before";
  EXPECT_EQ(period_start(Period::week, at("2026-11-23")), at("2026-11-23"));
  EXPECT_EQ(period_start(Period::week, at("2026-11-22T23:59:59Z")), at("2026-11-16"))
      << "Sunday belongs to the week that began on Monday";
  EXPECT_EQ(period_start(Period::month, t), at("2026-11-01"));
  EXPECT_EQ(period_start(Period::week, at("1970-01-01")), at("1969-12-29"));
}

TEST(Periods, ShiftAcrossYearBoundaries) {
  EXPECT_EQ(period_shift(Period::day, at("2026-03-01"), -1), at("2026-02-28"));
  EXPECT_EQ(period_shift(Period::week, at("2026-11-23"), -2), at("2026-11-09"));
  EXPECT_EQ(period_shift(Period::month, at("2026-11-01"), -11), at("2025-12-01"));
  EXPECT_EQ(period_shift(Period::month, at("2026-01-01"), -1), at("2025-12-01"));
  EXPECT_EQ(period_shift(Period::month, at("2026-12-01"), 1), at("2027-01-01"));
}

TEST(Periods, DateLabel) {
  EXPECT_EQ(date_label(at("2026-02-03T23:59:59Z")), "2026-02-03");
  EXPECT_EQ(date_label(0), "1970-01-01");
}

}  // namespace
}  // namespace jm::domain::reports
