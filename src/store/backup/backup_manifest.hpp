#pragma once
// The manifest written beside every backup (<backup>.manifest.json): what was backed up
// and how to tell that a restore brought it back intact.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store/backup/table_digest.hpp"

namespace jm::store::backup {

struct BackupManifest {
  // 1: a plain backup file; 2: sealed (security/file_seal.hpp), named by sealed_with. A
  // binary that knows only 1 refuses a sealed backup instead of misreading it.
  static constexpr int kPlainFormat = 1, kSealedFormat = 2;
  int format_version = kPlainFormat;
  std::string store_kind;  // "sqlite" | "postgres"
  std::int64_t created_at_ms = 0;
  std::string backup_file;              // file name of the backup, beside the manifest
  std::string backup_sha256;            // of the backup file's bytes: catches a damaged copy early
  std::string sealed_with;              // field key id the file is sealed under; "" = plain
  std::vector<std::string> migrations;  // schema_migrations names, in version order
  std::vector<TableDigest> tables;      // by name
};

// Where the manifest of `backup_path` lives.
std::string manifest_path_for(const std::string& backup_path);

nlohmann::json to_json(const BackupManifest& m);
// Throws std::runtime_error on a malformed or unknown-version manifest.
BackupManifest manifest_from_json(const nlohmann::json& j);

void write_manifest(const BackupManifest& m, const std::string& path);  // atomic (tmp + rename)
BackupManifest read_manifest(const std::string& path);
// The manifest of `backup_path` once it is known to fit: a backup of `store_kind` whose
// file still has the checksum the manifest recorded. Throws std::runtime_error otherwise.
BackupManifest read_verified_manifest(const std::string& backup_path,
                                      const std::string& store_kind);

// Differences between what the manifest recorded and what a database holds now, one
// line per table that is missing, extra, or differs in rows or checksum. Empty: equal.
std::vector<std::string> compare_tables(const std::vector<TableDigest>& expected,
                                        const std::vector<TableDigest>& actual);

}  // namespace jm::store::backup
