// The export's CSV writer: RFC 4180 quoting and the spreadsheet formula guard.
#include <gtest/gtest.h>

#include "domain/reports/csv.hpp"

namespace jm::domain::reports {
namespace {

TEST(CsvField, PlainTextIsLeftAlone) {
  EXPECT_EQ(csv_field("Ann Smith"), "Ann Smith");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("42"), "42");
}

TEST(CsvField, CommaQuoteAndLineBreaksAreQuoted) {
  EXPECT_EQ(csv_field("Smith, Ann"), "\"Smith, Ann\"");
  EXPECT_EQ(csv_field("Ann \"The Arm\" Smith"), "\"Ann \"\"The Arm\"\" Smith\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("cr\rhere"), "\"cr\rhere\"");
}

TEST(CsvField, FormulaStartsAreDefused) {
  EXPECT_EQ(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(csv_field("+1"), "'+1");
  EXPECT_EQ(csv_field("-2"), "'-2");
  EXPECT_EQ(csv_field("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_field("\tcmd"), "'\tcmd");
  EXPECT_EQ(csv_field("a=b"), "a=b") << "only a leading sign is a formula";
}

TEST(CsvRecord, JoinsWithCommasAndEndsWithCrlf) {
  EXPECT_EQ(csv_record({"a", "b,c", ""}), "a,\"b,c\",\r\n");
  EXPECT_EQ(csv_record({}), "\r\n");
}

}  // namespace
}  // namespace jm::domain::reports
