#pragma once
// The "backup" job: `journeyman backup` on a schedule. Enqueued once per
// --backup-interval-minutes period across all instances (JobRunner::every) when
// --backup-dir is set; each run writes journeyman-<created-at>.backup and its manifest
// there, then deletes all but the newest --backup-keep backups.
#include <cstdint>
#include <string>

#include "config/config.hpp"
#include "jobs/job_runner.hpp"
#include "store/backup/backup_manifest.hpp"

namespace jm::jobs {

inline constexpr const char* kBackupJob = "backup";

// Backs up the database `config` names to `out` (either store kind).
store::backup::BackupManifest backup_database(const Config& config, const std::string& out,
                                              std::int64_t now_ms);

// The job body. Idempotent: the file is named after the job's creation time, so a run
// repeated after a lost lease rewrites the same backup.
JobResult run_backup_job(const Config& config, const store::JobRecord& job, std::int64_t now_ms);

}  // namespace jm::jobs
