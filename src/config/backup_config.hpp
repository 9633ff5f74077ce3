#pragma once
// Options of the scheduled "backup" job (docs/operations.md, Backup and restore).
#include <string>

namespace CLI {
class App;
}

namespace jm {

struct Config;

struct BackupConfig {
  std::string dir;                 // empty: no scheduled backups
  int interval_minutes = 24 * 60;  // one backup per period, cluster-wide
  int keep = 7;                    // newest backups kept in `dir`; older ones are deleted
};

void add_backup_options(CLI::App& app, Config& config);

}  // namespace jm
