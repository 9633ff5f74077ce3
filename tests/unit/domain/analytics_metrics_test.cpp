// domain/analytics: quantiles from histogram buckets, zero-guarded rates, date-range
// parsing that names the offending field, and zero-filled days.
#include <gtest/gtest.h>

#include <variant>

#include "domain/analytics/date_range.hpp"
#include "domain/analytics/metrics.hpp"

namespace jm::domain::analytics {
namespace {

store::DailyAggregate row(std::int64_t day, const std::string& mode, std::int64_t started,
                          std::int64_t finished) {
  store::DailyAggregate a;
  a.day = day;
  a.mode = mode;
  a.started = started;
  a.finished = finished;
  return a;
}

TEST(AnalyticsMetrics, RatesAreZeroWithoutADenominator) {
  EXPECT_EQ(ratio(3, 0), 0.0);
  EXPECT_DOUBLE_EQ(ratio(1, 4), 0.25);
  Metrics empty;
  EXPECT_EQ(empty.completion_rate(), 0.0);
  EXPECT_EQ(empty.solve_rate(), 0.0);
  EXPECT_EQ(empty.accuracy(), 0.0);
  EXPECT_EQ(empty.average_duration(), 0.0);
  EXPECT_EQ(empty.p50_duration(), 0.0);
}

TEST(AnalyticsMetrics, QuantilesInterpolateInsideTheirBucket) {
  Buckets b{};
  b[store::duration_bucket(15)] = 10;  // all ten in (10, 20]
  EXPECT_DOUBLE_EQ(duration_quantile(b, 0.5), 15.0);
  EXPECT_DOUBLE_EQ(duration_quantile(b, 0.9), 19.0);
  EXPECT_DOUBLE_EQ(duration_quantile(b, 1.0), 20.0);

  Buckets two{};
  two[0] = 5;                            // [0, 10]
  two[store::duration_bucket(100)] = 5;  // (90, 120]
  EXPECT_DOUBLE_EQ(duration_quantile(two, 0.5), 10.0);
  EXPECT_DOUBLE_EQ(duration_quantile(two, 0.9), 90.0 + 30.0 * 4 / 5);

  Buckets open{};
  open[store::kDurationBuckets - 1] = 3;  // over an hour: the bound is all we know
  EXPECT_DOUBLE_EQ(duration_quantile(open, 0.5), 3600.0);
}

TEST(AnalyticsMetrics, BucketsFollowTheirBounds) {
  EXPECT_EQ(store::duration_bucket(0), 0);
  EXPECT_EQ(store::duration_bucket(10), 0);
  EXPECT_EQ(store::duration_bucket(11), 1);
  EXPECT_EQ(store::duration_bucket(3600), 15);
  EXPECT_EQ(store::duration_bucket(3601), 16);
  EXPECT_EQ(store::kDurationBuckets, 17);
}

TEST(AnalyticsMetrics, SummaryAddsModesAndKeepsThemApart) {
  auto a = row(10, "easy", 4, 2);
  a.solved = 1;
  a.correct_sum = 3;
  a.guess_sum = 12;
  a.duration_sum = 100;
  a.duration_count = 2;
  a.shares = 1;
  auto b = row(11, "daily", 2, 2);
  b.solved = 2;
  b.correct_sum = 2;
  b.guess_sum = 4;
  auto c = row(12, "easy", 1, 0);
  const Summary s = summarise({a, b, c});
  EXPECT_EQ(s.total.started, 7);
  EXPECT_EQ(s.total.finished, 4);
  EXPECT_DOUBLE_EQ(s.total.completion_rate(), 4.0 / 7);
  EXPECT_DOUBLE_EQ(s.total.solve_rate(), 3.0 / 4);
  EXPECT_DOUBLE_EQ(s.total.accuracy(), 5.0 / 16);
  EXPECT_DOUBLE_EQ(s.total.average_duration(), 50.0);
  ASSERT_EQ(s.by_mode.size(), 2u);
  EXPECT_EQ(s.by_mode[0].first, "daily");
  EXPECT_EQ(s.by_mode[1].first, "easy");
  EXPECT_EQ(s.by_mode[1].second.started, 5);
}

TEST(AnalyticsMetrics, DaysAreZeroFilledAndSummedOverModes) {
  const auto days = per_day(
      {row(10, "easy", 1, 1), row(10, "daily", 2, 0), row(13, "easy", 5, 5), row(20, "easy", 9, 9)},
      9, 13);
  ASSERT_EQ(days.size(), 5u);
  EXPECT_EQ(days[0].first, 9);
  EXPECT_EQ(days[0].second.started, 0);
  EXPECT_EQ(days[1].second.started, 3);
  EXPECT_EQ(days[1].second.finished, 1);
  EXPECT_EQ(days[2].second.started, 0);
  EXPECT_EQ(days[4].second.started, 5);
  EXPECT_TRUE(per_day({}, 5, 4).empty());
}

TEST(AnalyticsDateRange, ParsesRealDatesOnly) {
  EXPECT_EQ(parse_date("1970-01-01"), 0);
  EXPECT_EQ(parse_date("2026-11-25"), 20782);
  EXPECT_EQ(format_date(20782), "2026-11-25");
  for (const char* bad : {"2026-02-30", "2026-13-01", "2026-1-01", "2026/01/01", "", "20261125",
                          "2026-11-25T00:00:00Z", "1969-12-31", "2026-11-2x"}) {
    EXPECT_FALSE(parse_date(bad)) << bad;
  }
  EXPECT_TRUE(parse_date("2024-02-29"));
}

FieldError error_of(const std::variant<DateRange, FieldError>& v) {
  const auto* e = std::get_if<FieldError>(&v);
  return e ? *e : FieldError{};
}

TEST(AnalyticsDateRange, DefaultsToTheLastThirtyDays) {
  const auto v = parse_range(std::nullopt, std::nullopt, std::nullopt, 20782);
  ASSERT_TRUE(std::holds_alternative<DateRange>(v));
  EXPECT_EQ(std::get<DateRange>(v).to_day, 20782);
  EXPECT_EQ(std::get<DateRange>(v).from_day, 20782 - 29);
  EXPECT_EQ(std::get<DateRange>(v).mode, "");
  const auto given = parse_range("2026-11-01", "2026-11-02", "daily", 20782);
  ASSERT_TRUE(std::holds_alternative<DateRange>(given));
  EXPECT_EQ(std::get<DateRange>(given).from_day, 20758);
  EXPECT_EQ(std::get<DateRange>(given).mode, "daily");
  // to alone moves the default window with it.
  const auto to_only = parse_range(std::nullopt, "2026-01-30", std::nullopt, 20782);
  EXPECT_EQ(std::get<DateRange>(to_only).from_day, *parse_date("2026-01-01"));
}

TEST(AnalyticsDateRange, ErrorsNameTheField) {
  EXPECT_EQ(error_of(parse_range("nope", std::nullopt, std::nullopt, 20782)).field, "from");
  EXPECT_EQ(error_of(parse_range(std::nullopt, "2026-02-30", std::nullopt, 20782)).field, "to");
  EXPECT_EQ(error_of(parse_range(std::nullopt, std::nullopt, "hard", 20782)).field, "mode");
  EXPECT_EQ(error_of(parse_range("2026-11-03", "2026-11-02", std::nullopt, 20782)).field, "from");
  EXPECT_EQ(error_of(parse_range("2025-01-01", "2026-01-02", std::nullopt, 20782)).field, "from");
  // 366 days is the most.
  EXPECT_TRUE(std::holds_alternative<DateRange>(
      parse_range("2025-01-02", "2026-01-02", std::nullopt, 20782)));
}

}  // namespace
}  // namespace jm::domain::analytics
