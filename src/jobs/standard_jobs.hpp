#pragma once
// The service's job kinds: personal-data exports too large to answer inline, the
// periodic retention sweep, and scheduled backups (jobs/backup_job.hpp).
#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "jobs/job_runner.hpp"

namespace jm::jobs {

inline constexpr const char* kExportJob = "gdpr.export";
inline constexpr const char* kRetentionJob = "retention";

// The retention periods of the configuration.
store::RetentionPolicy retention_policy(const AccountsConfig& config);

// Registers the handlers (and the retention schedule) on `runner`.
void install_standard_jobs(JobRunner& runner, store::Store& store, const Config& config,
                           const Clock& clock);

// JSON of a retention report, as the job result and the CLI print it.
nlohmann::json retention_report_json(const store::RetentionReport& report);

}  // namespace jm::jobs
