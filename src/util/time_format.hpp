#pragma once
// UTC timestamp formatting shared by logs and API responses.
#include <cstdint>
#include <string>

#include "util/clock.hpp"

namespace jm {

// "2026-11-25T17:03:04.123Z"
std::string format_iso8601_ms(std::int64_t epoch_ms);

}  // namespace jm
