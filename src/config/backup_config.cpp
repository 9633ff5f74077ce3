#include "config/backup_config.hpp"

#include <CLI/CLI.hpp>

#include "config/config.hpp"

namespace jm {

void add_backup_options(CLI::App& app, Config& config) {
  auto& b = config.backup;
  app.add_option("--backup-dir", b.dir,
                 "Directory for scheduled backups (the backup job); empty: none are scheduled")
      ->envname("JOURNEYMAN_BACKUP_DIR");
  app.add_option("--backup-interval-minutes", b.interval_minutes,
                 "How often the backup job runs (once per period across all instances)")
      ->envname("JOURNEYMAN_BACKUP_INTERVAL_MINUTES")
      ->check(CLI::Range(1, 7 * 24 * 60))
      ->capture_default_str();
  app.add_option("--backup-keep", b.keep, "Scheduled backups kept; older ones are deleted")
      ->envname("JOURNEYMAN_BACKUP_KEEP")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
}

}  // namespace jm
