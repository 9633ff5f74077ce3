#pragma once
// The service's job kinds: personal-data exports too large to answer inline, the
// periodic retention sweep, recomputing the analytics aggregates from raw rows, and
// scheduled backups (jobs/backup_job.hpp).
#include <functional>

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "jobs/job_runner.hpp"

namespace jm::jobs {

inline constexpr const char* kExportJob = "gdpr.export";
inline constexpr const char* kRetentionJob = "retention";
inline constexpr const char* kAnalyticsExportJob = "analytics.export";
inline constexpr const char* kAggregatesRebuildJob = "aggregates_rebuild";

// The retention periods of the configuration.
store::RetentionPolicy retention_policy(const AccountsConfig& config);

// Registers the handlers (and the retention schedule) on `runner`. `on_players_removed`
// runs after a retention run that may have removed players (not a dry run): the server
// drops its cached leaderboards there.
void install_standard_jobs(JobRunner& runner, store::Store& store, const Config& config,
                           const Clock& clock, std::function<void()> on_players_removed = {});

// JSON of a retention report, as the job result and the CLI print it.
nlohmann::json retention_report_json(const store::RetentionReport& report);

// Recomputes the analytics aggregates (the job and `journeyman analytics rebuild`);
// the JSON of what it wrote, or the store's error.
std::pair<nlohmann::json, store::StoreError> rebuild_aggregates(store::Store& store);

}  // namespace jm::jobs
