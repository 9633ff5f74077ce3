#pragma once
// Applies the embedded SQLite migrations, each in its own transaction, and records
// them in schema_migrations so re-running is a no-op.
#include <cstdint>
#include <vector>

#include "store/migrations.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace jm::store::sqlite {

class SqliteMigrator {
 public:
  explicit SqliteMigrator(Connection& conn) : conn_(conn) {}

  // Applies the migrations not yet recorded, in version order; returns their versions.
  // Expects a connection with foreign_keys OFF (see check_foreign_keys). Throws std::runtime_error
  // naming the migration that failed (it is rolled back).
  std::vector<int> apply(const std::vector<Migration>& migrations, std::int64_t now_ms);

  // Versions recorded in schema_migrations, ascending (empty if the table is missing).
  std::vector<int> applied();

 private:
  void ensure_table();
  bool is_applied(int version);
  void check_foreign_keys();

  Connection& conn_;
};

}  // namespace jm::store::sqlite
