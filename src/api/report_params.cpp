#include "api/report_params.hpp"

#include "http/errors.hpp"
#include "util/civil_time.hpp"
#include "util/time_format.hpp"

namespace jm::api {

namespace {

using http::Status;

http::Response invalid(const http::Request& req, std::string message, const char* field) {
  return http::error_response(req, Status::bad_request, "invalid_field", std::move(message), field);
}

bool is_date_only(const std::string& text) {
  return text.size() == 10;
}

}  // namespace

std::int64_t day_start(std::int64_t ms) {
  return day_of(ms) * kMsPerDay;
}

std::variant<std::string, http::Response> game_type_filter(const http::Request& req,
                                                           const std::string& value) {
  if (value.empty() || value == "all" || value == "journeyman") return std::string();
  if (value == "easy" || value == "challenge" || value == "daily" || value == "practice") {
    return value;
  }
  return invalid(req, "gameType must be all, journeyman, easy, challenge, daily or practice",
                 "gameType");
}

std::variant<ReportPeriod, http::Response> report_period(const http::Request& req,
                                                         const std::optional<std::string>& start,
                                                         const std::optional<std::string>& end,
                                                         std::int64_t now_ms, int default_days,
                                                         bool required) {
  if (required && !start) return invalid(req, "startDate is required (ISO-8601)", "startDate");
  if (required && !end) return invalid(req, "endDate is required (ISO-8601)", "endDate");
  ReportPeriod period;
  period.until_ms = now_ms + 1;
  if (end) {
    auto ms = parse_iso8601_ms(*end);
    if (!ms) return invalid(req, "endDate must be an ISO-8601 date or UTC time", "endDate");
    period.until_ms = is_date_only(*end) ? *ms + kMsPerDay : *ms;
  }
  period.since_ms = period.until_ms - static_cast<std::int64_t>(default_days) * kMsPerDay;
  if (start) {
    auto ms = parse_iso8601_ms(*start);
    if (!ms) return invalid(req, "startDate must be an ISO-8601 date or UTC time", "startDate");
    period.since_ms = *ms;
  }
  if (period.until_ms <= period.since_ms) {
    return invalid(req, "endDate must be after startDate", "endDate");
  }
  if (period.until_ms - period.since_ms > kMaxReportDays * kMsPerDay) {
    return invalid(req, "The period may cover at most 366 days", "endDate");
  }
  return period;
}

std::variant<int, http::Response> int_query(const http::Request& req, const char* name,
                                            int fallback, int min, int max) {
  auto raw = req.query_param(name);
  if (!raw) return fallback;
  try {
    std::size_t used = 0;
    int value = std::stoi(*raw, &used);
    if (used == raw->size() && value >= min && value <= max) return value;
  } catch (const std::exception&) {
  }
  return invalid(req,
                 std::string(name) + " must be an integer from " + std::to_string(min) + " to " +
                     std::to_string(max),
                 name);
}

}  // namespace jm::api
