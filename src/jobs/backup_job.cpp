#include "jobs/backup_job.hpp"

#include <algorithm>
#include <filesystem>
#include <vector>

#include "store/backup/pg_backup.hpp"
#include "store/backup/sqlite_backup.hpp"
#include "util/log.hpp"
#include "util/time_format.hpp"

namespace jm::jobs {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kPrefix = "journeyman-";
constexpr std::string_view kSuffix = ".backup";

// 2026-11-26T05:17:00.000Z → 20261126T051700Z: sorts by time, safe in any file system.
std::string compact_time(std::int64_t ms) {
  std::string out;
  for (char c : format_iso8601_ms(ms).substr(0, 19)) {
    if (c != '-' && c != ':') out.push_back(c);
  }
  return out + "Z";
}

void prune(const fs::path& dir, int keep) {
  std::vector<fs::path> backups;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const auto name = entry.path().filename().string();
    if (name.rfind(kPrefix, 0) == 0 && name.size() > kSuffix.size() &&
        name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0) {
      backups.push_back(entry.path());
    }
  }
  std::sort(backups.begin(), backups.end());  // oldest first (the names sort by time)
  for (std::size_t i = 0; i + static_cast<std::size_t>(keep) < backups.size(); ++i) {
    fs::remove(backups[i]);
    fs::remove(store::backup::manifest_path_for(backups[i].string()));
    log::info("backup_pruned", {{"file", backups[i].string()}});
  }
}

}  // namespace

store::backup::BackupManifest backup_database(const Config& config,
                                              const security::KeyRing& field_keys,
                                              const std::string& out, std::int64_t now_ms) {
  if (config.is_postgres()) {
    return store::backup::pg_backup(config.database_url, out, now_ms, field_keys);
  }
  return store::backup::sqlite_backup(config.sqlite_path(), out, now_ms, field_keys);
}

JobResult run_backup_job(const Config& config, const security::KeyRing& field_keys,
                         const store::JobRecord& job, std::int64_t now_ms) {
  if (config.backup.dir.empty()) {
    return {false, "", "no backup directory configured (JOURNEYMAN_BACKUP_DIR)", std::nullopt};
  }
  const fs::path dir(config.backup.dir);
  fs::create_directories(dir);
  const auto out =
      (dir / (std::string(kPrefix) + compact_time(job.created_at_ms) + std::string(kSuffix)))
          .string();
  auto manifest = backup_database(config, field_keys, out, now_ms);
  std::int64_t rows = 0;
  for (const auto& t : manifest.tables) rows += t.rows;
  prune(dir, config.backup.keep);
  nlohmann::json result = {{"file", out},
                           {"manifest", store::backup::manifest_path_for(out)},
                           {"tables", manifest.tables.size()},
                           {"rows", rows}};
  log::info("backup_written", result);
  return {true, result.dump(), "", std::nullopt};
}

void install_backup_job(JobRunner& runner, const Config& config, const Clock& clock,
                        const security::Secrets& secrets) {
  runner.on(kBackupJob, [&config, &clock, &secrets](const store::JobRecord& job) {
    return run_backup_job(config, secrets.field_keys, job, clock.now_ms());
  });
  if (!config.backup.dir.empty()) {
    runner.every(kBackupJob, config.backup.interval_minutes * 60'000LL);
  }
}

}  // namespace jm::jobs
