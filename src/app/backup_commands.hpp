#pragma once
// Operator commands for backups (see docs/operations.md):
//   journeyman backup --out FILE            (FILE + FILE.manifest.json)
//   journeyman restore --from FILE [--yes]  (verifies rows and checksums afterwards)
#include <cstdint>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "store/backup/sqlite_backup.hpp"

namespace CLI {
class App;
}

namespace jm {

// Backs up the database `config` names to `out` (either store kind).
store::backup::BackupManifest backup_database(const Config& config, const std::string& out,
                                              std::int64_t now_ms);

class BackupCommands {
 public:
  BackupCommands(CLI::App& app, Config& config);
  bool chosen() const;
  std::optional<int> run();  // nullopt when neither command was chosen

 private:
  int backup();
  int restore();

  Config& config_;
  CLI::App *backup_ = nullptr, *restore_ = nullptr;
  std::string out_, from_;
  bool yes_ = false;
};

}  // namespace jm
