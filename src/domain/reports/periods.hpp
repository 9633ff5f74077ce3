#pragma once
// Calendar buckets of the original's /trends: UTC days, ISO weeks (Monday first) and
// months, and the label of each bucket ("2026-11-23": the date it starts).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jm::domain::reports {

enum class Period { day, week, month };

std::optional<Period> parse_period(std::string_view text);  // "day" | "week" | "month"
const char* period_name(Period p);

// The first instant (UTC midnight) of the bucket containing `ms`.
std::int64_t period_start(Period p, std::int64_t ms);
// The start of the bucket `steps` buckets after (or, negative, before) the one that
// starts at `start_ms`.
std::int64_t period_shift(Period p, std::int64_t start_ms, int steps);

// "YYYY-MM-DD" of the UTC day containing `ms`.
std::string date_label(std::int64_t ms);

}  // namespace jm::domain::reports
