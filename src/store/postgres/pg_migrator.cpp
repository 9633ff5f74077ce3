#include "store/postgres/pg_migrator.hpp"

#include <stdexcept>
#include <string>

namespace jm::store::postgres {
namespace {

// Any fixed 64-bit key; "journeyman migrations" in ASCII, truncated.
constexpr const char* kLockKey = "7596547283910553965";

const Sql kTableExists{"jm_migrations_exists",
                       "SELECT to_regclass('schema_migrations') IS NOT NULL"};
const Sql kApplied{"jm_migrations_applied",
                   "SELECT version FROM schema_migrations ORDER BY version"};
const Sql kIsApplied{"jm_migration_is_applied",
                     "SELECT 1 FROM schema_migrations WHERE version = $1"};
const Sql kRecord{"jm_migration_record",
                  "INSERT INTO schema_migrations(version, name, applied_at) VALUES($1, $2, $3)"};

class AdvisoryLock {
 public:
  explicit AdvisoryLock(Connection& conn) : conn_(conn) {
    conn_.exec(std::string("SELECT pg_advisory_lock(") + kLockKey + ")");
  }
  ~AdvisoryLock() {
    try {
      if (!conn_.broken()) conn_.exec(std::string("SELECT pg_advisory_unlock(") + kLockKey + ")");
    } catch (const std::exception&) {
      // Released anyway when the connection closes.
    }
  }
  AdvisoryLock(const AdvisoryLock&) = delete;
  AdvisoryLock& operator=(const AdvisoryLock&) = delete;

 private:
  Connection& conn_;
};

}  // namespace

std::vector<int> apply_migrations(Connection& conn, const std::vector<Migration>& migrations,
                                  std::int64_t now_ms) {
  // A migration (or waiting for another instance's) may take longer than a request may.
  conn.exec("SET statement_timeout = 0");
  conn.set_query_timeout_ms(15 * 60 * 1000);
  AdvisoryLock lock(conn);
  conn.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY,"
      " name TEXT NOT NULL,"
      " applied_at BIGINT NOT NULL)");  // Unix ms, like every other timestamp
  std::vector<int> done;
  for (const auto& m : migrations) {
    try {
      if (conn.run(kIsApplied, Params().add(m.version)).rows() > 0) continue;
      conn.exec("BEGIN");
      conn.exec(m.sql);
      conn.run(kRecord, Params().add(m.version).add(m.name).add(now_ms));
      conn.exec("COMMIT");
      done.push_back(m.version);
    } catch (const PgError& e) {
      if (!conn.broken() && conn.in_transaction()) {
        try {
          conn.exec("ROLLBACK");
        } catch (const std::exception&) {
          // The original error is the one worth reporting.
        }
      }
      if (e.broken()) throw;
      throw std::runtime_error("postgres migration " + m.name + " failed: " + e.what());
    }
  }
  return done;
}

std::vector<int> applied_migrations(Connection& conn) {
  std::vector<int> out;
  if (conn.run(kTableExists).text(0, 0) != "t") return out;
  const Result r = conn.run(kApplied);
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.int32(i, 0));
  return out;
}

}  // namespace jm::store::postgres
