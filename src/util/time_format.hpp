#pragma once
// UTC timestamp formatting shared by logs and API responses.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/clock.hpp"

namespace jm {

// "2026-11-25T17:03:04.123Z"
std::string format_iso8601_ms(std::int64_t epoch_ms);

// Parses "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM:SS[.fff]Z" (UTC, 1–3
// fraction digits); nullopt for anything else, including impossible dates.
std::optional<std::int64_t> parse_iso8601_ms(std::string_view text);

}  // namespace jm
