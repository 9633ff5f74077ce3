#pragma once
// Inputs of the original's analytics paths, validated once: the :gameType segment, the
// ISO-8601 period (query or export body), limit/offset. Each failure is a 400 naming
// the field, in the route's error style.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "http/types.hpp"

namespace jm::api {

// Longest period a report or export may cover.
inline constexpr std::int64_t kMaxReportDays = 366;

// :gameType → the games' mode filter. "all", "journeyman" or no segment = every mode;
// a mode name (easy, challenge, daily, practice: the original's legacy game types named
// modes) filters by it; anything else is 400 naming "gameType".
std::variant<std::string, http::Response> game_type_filter(const http::Request& req,
                                                           const std::string& value);

struct ReportPeriod {
  std::int64_t since_ms = 0;  // inclusive
  std::int64_t until_ms = 0;  // exclusive
};

// startDate/endDate: ISO-8601 ("YYYY-MM-DD" or a UTC timestamp). A bare endDate date
// includes that whole day. end after start, at most kMaxReportDays. Absent in a query:
// the last `default_days` days up to now. `required`: both must be given (the export).
std::variant<ReportPeriod, http::Response> report_period(const http::Request& req,
                                                         const std::optional<std::string>& start,
                                                         const std::optional<std::string>& end,
                                                         std::int64_t now_ms, int default_days,
                                                         bool required = false);

// An integer query parameter in [min, max] (fallback when absent), else 400 naming it.
std::variant<int, http::Response> int_query(const http::Request& req, const char* name,
                                            int fallback, int min, int max);

// The start of the UTC day containing `ms`.
std::int64_t day_start(std::int64_t ms);

}  // namespace jm::api
