#include "store/sqlite/sqlite_migrator.hpp"

#include <stdexcept>
#include <string>

namespace jm::store::sqlite {

void SqliteMigrator::ensure_table() {
  conn_.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY,"
      " name TEXT NOT NULL,"
      " applied_at INTEGER NOT NULL)");  // Unix ms, like every other timestamp
}

bool SqliteMigrator::is_applied(int version) {
  Statement s = conn_.prepare("SELECT 1 FROM schema_migrations WHERE version = ?1");
  s.bind(1, version);
  return s.step();
}

// Migrations run with foreign_keys OFF (a table rebuild must not fire ON DELETE
// actions on the rows that reference it), so the references are checked here instead,
// before the migration's COMMIT.
void SqliteMigrator::check_foreign_keys() {
  Statement s = conn_.prepare("PRAGMA foreign_key_check");
  if (s.step()) {
    throw std::runtime_error("foreign key check failed: table '" + s.column_text(0) + "' row " +
                             s.column_text(1) + " references a missing '" + s.column_text(2) + "'");
  }
}

std::vector<int> SqliteMigrator::apply(const std::vector<Migration>& migrations,
                                       std::int64_t now_ms) {
  ensure_table();
  std::vector<int> done;
  for (const auto& m : migrations) {
    try {
      // IMMEDIATE takes the write lock up front, so two processes migrating the same
      // file serialise here and the second one sees the version already recorded.
      conn_.exec("BEGIN IMMEDIATE");
      if (is_applied(m.version)) {
        conn_.exec("COMMIT");
        continue;
      }
      conn_.exec(m.sql);
      check_foreign_keys();
      Statement rec = conn_.prepare(
          "INSERT INTO schema_migrations(version, name, applied_at) VALUES(?1, ?2, ?3)");
      rec.bind(1, m.version);
      rec.bind(2, m.name);
      rec.bind(3, now_ms);
      rec.step();
      rec.reset();
      conn_.exec("COMMIT");
      done.push_back(m.version);
    } catch (const std::exception& e) {
      if (conn_.in_transaction()) {
        try {
          conn_.exec("ROLLBACK");
        } catch (const std::exception&) {
          // The original error is the one worth reporting.
        }
      }
      throw std::runtime_error("sqlite migration " + m.name + " failed: " + e.what());
    }
  }
  return done;
}

std::vector<int> SqliteMigrator::applied() {
  std::vector<int> out;
  {
    Statement exists = conn_.prepare(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
    if (!exists.step()) return out;
  }
  Statement s = conn_.prepare("SELECT version FROM schema_migrations ORDER BY version");
  while (s.step()) out.push_back(static_cast<int>(s.column_int64(0)));
  return out;
}

}  // namespace jm::store::sqlite
