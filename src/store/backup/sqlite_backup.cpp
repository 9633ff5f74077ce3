#include "store/backup/sqlite_backup.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <stdexcept>

#include "store/backup/sealed_backup.hpp"
#include "store/sqlite/database_lock.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace jm::store::backup {

namespace fs = std::filesystem;
using store::sqlite::Connection;
using store::sqlite::DatabaseLock;
using store::sqlite::OpenMode;

namespace {

constexpr int kBusyTimeoutMs = 10'000;

std::vector<std::string> table_names(Connection& db) {
  auto s = db.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
      "ESCAPE '\\' ORDER BY name");
  std::vector<std::string> names;
  while (s.step()) names.push_back(s.column_text(0));
  return names;
}

std::vector<TableDigest> digests(Connection& db) {
  store::sqlite::ReadSnapshot snapshot(db);  // every table from the same moment
  std::vector<TableDigest> out;
  for (const auto& name : table_names(db)) {
    sqlite3_stmt* raw = nullptr;
    const std::string sql = "SELECT * FROM \"" + name + "\"";
    int rc = sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &raw, nullptr);
    if (rc != SQLITE_OK) store::sqlite::throw_error(db.get(), rc, sql);
    std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> stmt(raw, &sqlite3_finalize);
    TableHasher hasher(name);
    const int columns = sqlite3_column_count(raw);
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
      hasher.begin_row();
      for (int c = 0; c < columns; ++c) {
        if (sqlite3_column_type(raw, c) == SQLITE_NULL) {
          hasher.add_value(std::nullopt);
        } else {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, c));
          hasher.add_value(
              std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(raw, c))));
        }
      }
      hasher.end_row();
    }
    if (rc != SQLITE_DONE) store::sqlite::throw_error(db.get(), rc, sql);
    out.push_back(hasher.finish());
  }
  return out;
}

std::vector<std::string> migrations(Connection& db) {
  std::vector<std::string> out;
  auto s = db.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (!s.step()) return out;
  auto m = db.prepare("SELECT name FROM schema_migrations ORDER BY version");
  while (m.step()) out.push_back(m.column_text(0));
  return out;
}

// Copies every page of `from` into `to` in one step (one read transaction on `from`).
void copy_database(Connection& from, Connection& to) {
  sqlite3_backup* b = sqlite3_backup_init(to.get(), "main", from.get(), "main");
  if (!b) store::sqlite::throw_error(to.get(), sqlite3_errcode(to.get()), "backup init");
  int rc;
  for (int tries = 0;; ++tries) {
    rc = sqlite3_backup_step(b, -1);
    if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || tries >= 200) break;
    sqlite3_sleep(50);
  }
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) {
    throw std::runtime_error(std::string("SQLite backup failed: ") + sqlite3_errstr(rc));
  }
}

void remove_with_sidecars(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix);
}

}  // namespace

std::vector<TableDigest> sqlite_table_digests(const std::string& db_path) {
  Connection db(db_path, OpenMode::read_only, kBusyTimeoutMs);
  return digests(db);
}

BackupManifest sqlite_backup(const std::string& db_path, const std::string& out_path,
                             std::int64_t now_ms, const security::KeyRing& keys) {
  if (!fs::exists(db_path)) throw std::runtime_error("no database at '" + db_path + "'");
  const auto tmp = out_path + ".tmp";
  remove_with_sidecars(tmp);
  create_private_file(tmp);
  try {
    {
      Connection source(db_path, OpenMode::read_only, kBusyTimeoutMs);
      Connection copy(tmp, OpenMode::read_write_create, kBusyTimeoutMs);
      copy_database(source, copy);
      // A self-contained file: no WAL beside it that a copy to elsewhere could miss.
      copy.query_text("PRAGMA journal_mode=DELETE");
    }
    BackupManifest m;
    m.store_kind = "sqlite";
    m.created_at_ms = now_ms;
    {
      Connection copy(tmp, OpenMode::read_only, kBusyTimeoutMs);
      m.tables = digests(copy);
      m.migrations = migrations(copy);
    }
    finish_backup(m, tmp, out_path, keys);
    return m;
  } catch (...) {
    remove_with_sidecars(tmp);
    throw;
  }
}

RestoreReport sqlite_restore(const std::string& backup_path, const std::string& db_path,
                             bool overwrite, const security::KeyRing& keys) {
  RestoreReport report;
  report.manifest = read_verified_manifest(backup_path, "sqlite");
  auto lock = DatabaseLock::try_acquire(db_path, DatabaseLock::Mode::exclusive);
  if (!lock) {
    throw std::runtime_error("a running server holds '" + db_path + "' (" +
                             store::sqlite::lock_path_for(db_path) + "); stop it first");
  }
  if (fs::exists(db_path) && !overwrite) {
    throw std::runtime_error("'" + db_path + "' exists; pass --yes to replace it");
  }
  // No server runs (we hold the lock): WAL files without their database are stale and
  // would be replayed into the restored one.
  if (!fs::exists(db_path)) remove_with_sidecars(db_path);
  {
    const PlainBackup plain(backup_path, report.manifest, keys,
                            fs::absolute(db_path).parent_path().string());
    Connection source(plain.path(), OpenMode::read_only, kBusyTimeoutMs);
    Connection target(db_path, OpenMode::read_write_create, kBusyTimeoutMs);
    copy_database(source, target);
    target.query_text("PRAGMA journal_mode=WAL");  // as the server runs it
  }
  report.tables = sqlite_table_digests(db_path);
  report.problems = compare_tables(report.manifest.tables, report.tables);
  return report;
}

}  // namespace jm::store::backup
