#pragma once
// Operator commands for backups (see docs/operations.md):
//   journeyman backup --out FILE            (FILE + FILE.manifest.json)
//   journeyman restore --from FILE [--yes]  (verifies rows and checksums afterwards)
#include <optional>
#include <string>

#include "config/config.hpp"

namespace CLI {
class App;
}

namespace jm {

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
