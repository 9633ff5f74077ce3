#include "store/backup/backup_manifest.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

#include "store/backup/table_digest.hpp"
#include "util/time_format.hpp"

namespace jm::store::backup {

std::string manifest_path_for(const std::string& backup_path) {
  return backup_path + ".manifest.json";
}

nlohmann::json to_json(const BackupManifest& m) {
  auto tables = nlohmann::json::array();
  for (const auto& t : m.tables) {
    tables.push_back({{"name", t.name}, {"rows", t.rows}, {"sha256", t.sha256}});
  }
  nlohmann::json j = {{"formatVersion", m.format_version},
                      {"store", m.store_kind},
                      {"createdAt", format_iso8601_ms(m.created_at_ms)},
                      {"createdAtMs", m.created_at_ms},
                      {"backupFile", m.backup_file},
                      {"backupSha256", m.backup_sha256},
                      {"migrations", m.migrations},
                      {"checksum", "sha256 of sorted per-row sha256 (see docs/operations.md)"},
                      {"tables", tables}};
  if (!m.sealed_with.empty()) j["sealedWith"] = m.sealed_with;
  return j;
}

BackupManifest manifest_from_json(const nlohmann::json& j) {
  try {
    BackupManifest m;
    m.format_version = j.at("formatVersion").get<int>();
    if (m.format_version != BackupManifest::kPlainFormat &&
        m.format_version != BackupManifest::kSealedFormat) {
      throw std::runtime_error("unsupported manifest format version " +
                               std::to_string(m.format_version));
    }
    m.store_kind = j.at("store").get<std::string>();
    m.created_at_ms = j.at("createdAtMs").get<std::int64_t>();
    m.backup_file = j.at("backupFile").get<std::string>();
    m.backup_sha256 = j.at("backupSha256").get<std::string>();
    m.migrations = j.at("migrations").get<std::vector<std::string>>();
    if (m.format_version == BackupManifest::kSealedFormat) {
      m.sealed_with = j.at("sealedWith").get<std::string>();
    }
    for (const auto& t : j.at("tables")) {
      m.tables.push_back({t.at("name").get<std::string>(), t.at("rows").get<std::int64_t>(),
                          t.at("sha256").get<std::string>()});
    }
    return m;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("malformed backup manifest: ") + e.what());
  }
}

void write_manifest(const BackupManifest& m, const std::string& path) {
  const auto tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << to_json(m).dump(2) << "\n";
    out.flush();
    if (!out) throw std::runtime_error("cannot write '" + tmp + "'");
  }
  std::filesystem::rename(tmp, path);
}

BackupManifest read_manifest(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read the backup manifest '" + path + "'");
  auto j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) throw std::runtime_error("the backup manifest '" + path + "' is not JSON");
  return manifest_from_json(j);
}

std::vector<std::string> compare_tables(const std::vector<TableDigest>& expected,
                                        const std::vector<TableDigest>& actual) {
  std::map<std::string, const TableDigest*> now;
  for (const auto& t : actual) now[t.name] = &t;
  std::vector<std::string> problems;
  for (const auto& t : expected) {
    auto it = now.find(t.name);
    if (it == now.end()) {
      problems.push_back(t.name + ": missing after restore");
      continue;
    }
    if (it->second->rows != t.rows) {
      problems.push_back(t.name + ": " + std::to_string(it->second->rows) + " rows, expected " +
                         std::to_string(t.rows));
    } else if (it->second->sha256 != t.sha256) {
      problems.push_back(t.name + ": checksum " + it->second->sha256 + ", expected " + t.sha256);
    }
    now.erase(it);
  }
  // Tables the backup did not have (a newer schema) are reported only when they hold rows.
  for (const auto& [name, t] : now) {
    if (t->rows > 0) problems.push_back(name + ": not in the backup but holds rows");
  }
  return problems;
}

BackupManifest read_verified_manifest(const std::string& backup_path,
                                      const std::string& store_kind) {
  auto manifest = read_manifest(manifest_path_for(backup_path));
  if (manifest.store_kind != store_kind) {
    throw std::runtime_error("the backup is of a " + manifest.store_kind +
                             " store; DATABASE_URL is " + store_kind);
  }
  if (file_sha256(backup_path) != manifest.backup_sha256) {
    throw std::runtime_error("'" + backup_path +
                             "' does not match its manifest's checksum: damaged or replaced");
  }
  return manifest;
}

}  // namespace jm::store::backup
