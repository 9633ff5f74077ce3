#pragma once
// Backup and restore of a SQLite database through SQLite's online backup API: the copy
// is taken in one read transaction, so it is consistent while a server keeps writing.
#include <cstdint>
#include <string>
#include <vector>

#include "security/aead.hpp"
#include "store/backup/backup_manifest.hpp"

namespace jm::store::backup {

// What a restore found when it compared the restored database with the manifest.
struct RestoreReport {
  BackupManifest manifest;
  std::vector<TableDigest> tables;    // as restored
  std::vector<std::string> problems;  // empty: rows and checksums match the manifest
};

// Copies `db_path` to `out_path`, sealed under `keys`' current key (sealed_backup.hpp),
// and writes the manifest beside it. Throws on failure (nothing is left at `out_path`
// then).
BackupManifest sqlite_backup(const std::string& db_path, const std::string& out_path,
                             std::int64_t now_ms, const security::KeyRing& keys);

// Replaces the database at `db_path` with the backup at `backup_path` (opened with
// `keys` when sealed, in a private copy beside the database), then verifies it against
// the manifest. Refuses (throws) when a server holds the database, when the
// backup file does not match its manifest, or when `db_path` exists and `overwrite` is
// false.
RestoreReport sqlite_restore(const std::string& backup_path, const std::string& db_path,
                             bool overwrite, const security::KeyRing& keys);

// Counts and checksums of every table of the database at `db_path` (read-only).
std::vector<TableDigest> sqlite_table_digests(const std::string& db_path);

}  // namespace jm::store::backup
