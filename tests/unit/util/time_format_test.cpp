#include "util/time_format.hpp"

#include <gtest/gtest.h>

#include <ctime>

namespace jm {
namespace {

TEST(TimeFormat, KnownInstants) {
  EXPECT_EQ(format_iso8601_ms(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_iso8601_ms(1'764'090'184'123), "2025-11-25T17:03:04.123Z");
  EXPECT_EQ(format_iso8601_ms(951'782'400'000), "2000-02-29T00:00:00.000Z");
  EXPECT_EQ(format_iso8601_ms(-1), "1969-12-31T23:59:59.999Z");
}

TEST(TimeFormat, AgreesWithGmtimeAcrossYears) {
  for (std::int64_t ms = 0; ms < 4'102'444'800'000; ms += 86'400'000LL * 37 + 3'723'456) {
    std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char expected[64];
    std::snprintf(expected, sizeof expected, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                  tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(ms % 1000));
    ASSERT_EQ(format_iso8601_ms(ms), expected) << ms;
  }
}

}  // namespace
}  // namespace jm

namespace jm {
namespace {

TEST(TimeParse, AcceptsDatesAndUtcInstants) {
  EXPECT_EQ(parse_iso8601_ms("1970-01-01"), 0);
  EXPECT_EQ(parse_iso8601_ms("2025-11-25T17:03:04.123Z"), 1'764'090'184'123);
  EXPECT_EQ(parse_iso8601_ms("2025-11-25T17:03:04Z"), 1'764'090'184'000);
  EXPECT_EQ(parse_iso8601_ms("2025-11-25T17:03:04.1Z"), 1'764'090'184'100);
  EXPECT_EQ(parse_iso8601_ms("2000-02-29"), 951'782'400'000);
}

TEST(TimeParse, RoundTripsWhatItFormats) {
  for (std::int64_t ms = 0; ms < 4'102'444'800'000; ms += 86'400'000LL * 41 + 7'654'321) {
    EXPECT_EQ(parse_iso8601_ms(format_iso8601_ms(ms)), ms);
  }
}

TEST(TimeParse, RefusesEverythingElse) {
  for (const char* bad :
       {"", "2025", "2025-02-30", "2025-13-01", "2025-00-10", "25-11-25", "2025-11-25T",
        "2025-11-25T24:00:00Z", "2025-11-25T17:03:04", "2025-11-25T17:03:04+01:00",
        "2025-11-25T17:03:04.1234Z", "2025-11-25T17:03:04.Z", "2025-11-25 17:03:04Z", "2025-1a-25",
        "２０２５-11-25"}) {
    EXPECT_FALSE(parse_iso8601_ms(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace jm
