#pragma once
// Process-level metrics: build info, start time, uptime and resident memory.
#include <cstdint>
#include <optional>
#include <vector>

#include "infra/metrics.hpp"
#include "util/clock.hpp"

namespace jm::infra {

// Registers journeyman_build_info{version}, journeyman_process_start_time_seconds,
// journeyman_uptime_seconds and journeyman_process_resident_memory_bytes. `clock` must
// outlive the returned registrations (they read it at scrape time).
[[nodiscard]] std::vector<CallbackRegistration> register_process_metrics(
    const Clock& clock, std::int64_t started_at_ms, Registry& registry = metrics());

// Resident set size from /proc/self/statm; nullopt where that file cannot be read.
std::optional<std::uint64_t> resident_memory_bytes();

}  // namespace jm::infra
