#include "app/backup_commands.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

#include "jobs/backup_job.hpp"
#include "security/secrets.hpp"
#include "store/backup/pg_backup.hpp"
#include "util/clock.hpp"

namespace jm {

namespace {

std::int64_t total_rows(const std::vector<store::backup::TableDigest>& tables) {
  std::int64_t n = 0;
  for (const auto& t : tables) n += t.rows;
  return n;
}

}  // namespace

BackupCommands::BackupCommands(CLI::App& app, Config& config) : config_(config) {
  backup_ = app.add_subcommand(
      "backup",
      "Write a consistent backup of the database (safe while servers run), sealed with the "
      "current field key, and its manifest (FILE.manifest.json)");
  backup_->add_option("--out", out_, "Backup file to write")->required();
  restore_ =
      app.add_subcommand("restore",
                         "Replace the database with a backup (opened with the configured field "
                         "keys), then verify row counts and checksums against its manifest");
  restore_->add_option("--from", from_, "Backup file written by `journeyman backup`")
      ->required()
      ->check(CLI::ExistingFile);
  restore_->add_flag("--yes", yes_, "Replace an existing database");
  for (auto* cmd : {backup_, restore_}) add_database_options(*cmd, config);
}

bool BackupCommands::chosen() const {
  return *backup_ || *restore_;
}

std::optional<int> BackupCommands::run() {
  if (*backup_) return backup();
  if (*restore_) return restore();
  return std::nullopt;
}

int BackupCommands::backup() {
  const auto secrets = security::load_secrets(config_);
  auto m = jobs::backup_database(config_, secrets.field_keys, out_, SystemClock().now_ms());
  std::cout << "backup " << out_ << ": " << m.store_kind << ", " << m.tables.size() << " tables, "
            << total_rows(m.tables) << " rows, schema " << m.migrations.size()
            << " migrations; sealed with field key " << m.sealed_with << "; manifest "
            << store::backup::manifest_path_for(out_) << "\n";
  return 0;
}

int BackupCommands::restore() {
  const auto keys = security::load_secrets(config_).field_keys;
  auto report = config_.is_postgres()
                    ? store::backup::pg_restore(from_, config_.database_url, yes_, keys)
                    : store::backup::sqlite_restore(from_, config_.sqlite_path(), yes_, keys);
  if (!report.problems.empty()) {
    std::cerr << "journeyman: RESTORE VERIFICATION FAILED (" << report.problems.size()
              << " tables differ from the manifest):\n";
    for (const auto& p : report.problems) std::cerr << "  " << p << "\n";
    return 1;
  }
  std::cout << "restored " << from_ << " (" << report.manifest.store_kind << ", backed up "
            << store::backup::to_json(report.manifest)["createdAt"].get<std::string>()
            << "): verified " << report.tables.size() << " tables, " << total_rows(report.tables)
            << " rows, checksums match\n";
  return 0;
}

}  // namespace jm
