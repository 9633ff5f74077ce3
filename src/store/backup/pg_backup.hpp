#pragma once
// Backup and restore of a PostgreSQL database with pg_dump -Fc / pg_restore, run as
// child processes that get the connection settings through libpq's environment
// variables (PGHOST, PGPASSWORD, ...), never on their command line. The manifest's
// counts and checksums are computed in the very snapshot pg_dump copies
// (pg_export_snapshot + pg_dump --snapshot), so they describe the dump exactly even
// while servers keep writing.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "store/backup/sqlite_backup.hpp"

namespace jm::store::backup {

BackupManifest pg_backup(const std::string& url, const std::string& out_path, std::int64_t now_ms,
                         const security::KeyRing& keys);

// Backups are sealed under `keys`' current key and opened with `keys` (sealed_backup.hpp).
// Restores into the database `url` names (it must exist; it may be empty), in one
// transaction, dropping the objects the dump contains first. Refuses when the database
// already has tables and `overwrite` is false.
RestoreReport pg_restore(const std::string& backup_path, const std::string& url, bool overwrite,
                         const security::KeyRing& keys);

std::vector<TableDigest> pg_table_digests(const std::string& url);

// libpq's environment variables equivalent to the connection URL `url`.
std::map<std::string, std::string> libpq_environment(const std::string& url);

}  // namespace jm::store::backup
