#pragma once
// The "backup" job: `journeyman backup` on a schedule. Enqueued once per
// --backup-interval-minutes period across all instances (JobRunner::every) when
// --backup-dir is set; each run writes journeyman-<created-at>.backup and its manifest
// there, then deletes all but the newest --backup-keep backups.
#include <cstdint>
#include <string>

#include "config/config.hpp"
#include "jobs/job_runner.hpp"
#include "security/secrets.hpp"
#include "store/backup/backup_manifest.hpp"
#include "util/clock.hpp"

namespace jm::jobs {

inline constexpr const char* kBackupJob = "backup";

// Backs up the database `config` names to `out` (either store kind), sealed under the
// current field key (store/backup/sealed_backup.hpp).
store::backup::BackupManifest backup_database(const Config& config,
                                              const security::KeyRing& field_keys,
                                              const std::string& out, std::int64_t now_ms);

// The job body. Idempotent: the file is named after the job's creation time, so a run
// repeated after a lost lease rewrites the same backup.
JobResult run_backup_job(const Config& config, const security::KeyRing& field_keys,
                         const store::JobRecord& job, std::int64_t now_ms);

// Registers the job, scheduled every --backup-interval-minutes when --backup-dir is set.
void install_backup_job(JobRunner& runner, const Config& config, const Clock& clock,
                        const security::Secrets& secrets);

}  // namespace jm::jobs
