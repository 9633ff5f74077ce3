#pragma once
// The analytics query parameters (from, to, mode): strict parsing and validation that
// names the offending field, with the contract's defaults (to = today, from = to - 29
// days, at most 366 days). Dates are UTC calendar days.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace jm::domain::analytics {

inline constexpr std::int64_t kDefaultRangeDays = 30;
inline constexpr std::int64_t kMaxRangeDays = 366;

struct DateRange {
  std::int64_t from_day = 0, to_day = 0;  // days since 1970-01-01, inclusive
  std::string mode;                       // empty: every mode
};

struct FieldError {
  std::string field;
  std::string message;
};

// "YYYY-MM-DD" of a real calendar date → days since 1970-01-01; nullopt otherwise.
std::optional<std::int64_t> parse_date(std::string_view text);
std::string format_date(std::int64_t day);

bool is_mode(std::string_view mode);

// Absent parameters are nullopt; `today` is the current UTC day.
std::variant<DateRange, FieldError> parse_range(const std::optional<std::string>& from,
                                                const std::optional<std::string>& to,
                                                const std::optional<std::string>& mode,
                                                std::int64_t today);

}  // namespace jm::domain::analytics
