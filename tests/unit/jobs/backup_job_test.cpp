// The scheduled backup job on SQLite: each run writes a sealed backup and its manifest,
// keeps the newest --backup-keep, and a backup restores to the same rows and checksums
// (opened with the key ring, through a private copy that is removed afterwards).
#include "jobs/backup_job.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "../store/sqlite_test_support.hpp"
#include "security/file_seal.hpp"
#include "store/backup/sqlite_backup.hpp"

namespace jm::jobs {
namespace {

using store::testing::make_game;
using store::testing::save_sync;
using store::testing::TempDir;

const security::KeyRing kKeys{"k1", {{"k1", std::string(32, '\x05')}}};

std::vector<std::string> files_in(const TempDir& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(BackupJob, WritesSealedBackupsKeepsTheNewestAndRestoresThem) {
  TempDir data, backups, restored;
  Config config;
  config.database_url = "sqlite:" + data.file("live.db");
  config.backup.dir = backups.path().string();
  config.backup.keep = 2;
  {
    store::SqliteStore live(data.file("live.db"));
    live.migrate();
    for (int i = 0; i < 3; ++i) {
      ASSERT_TRUE(save_sync(live, make_game("g" + std::to_string(i))).saved);
    }
  }
  store::JobRecord job;
  for (std::int64_t created : {1'795'000'000'000, 1'795'000'060'000, 1'795'000'120'000}) {
    job.created_at_ms = created;
    const auto result = run_backup_job(config, kKeys, job, created);
    ASSERT_TRUE(result.ok) << result.error;
  }
  const std::vector<std::string> expected = {
      "journeyman-20261118T110740Z.backup", "journeyman-20261118T110740Z.backup.manifest.json",
      "journeyman-20261118T110840Z.backup", "journeyman-20261118T110840Z.backup.manifest.json"};
  EXPECT_EQ(files_in(backups), expected) << "the oldest pruned, no plain dump left behind";

  const auto newest = backups.file("journeyman-20261118T110840Z.backup");
  EXPECT_TRUE(security::is_sealed_file(newest));
  const auto manifest = store::backup::read_manifest(store::backup::manifest_path_for(newest));
  EXPECT_EQ(manifest.sealed_with, "k1");
  EXPECT_EQ(manifest.format_version, store::backup::BackupManifest::kSealedFormat);

  const auto report = store::backup::sqlite_restore(newest, restored.file("back.db"), false, kKeys);
  EXPECT_TRUE(report.problems.empty());
  EXPECT_EQ(report.tables, store::backup::sqlite_table_digests(data.file("live.db")));
  for (const auto& name : files_in(restored)) {
    EXPECT_EQ(name.rfind(".journeyman-restore-", 0), std::string::npos) << name;
  }

  const security::KeyRing other{"k2", {{"k2", std::string(32, '\x06')}}};
  EXPECT_THROW(store::backup::sqlite_restore(newest, restored.file("other.db"), false, other),
               std::runtime_error);
  EXPECT_FALSE(std::filesystem::exists(restored.file("other.db")));
}

}  // namespace
}  // namespace jm::jobs
