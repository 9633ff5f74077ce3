#pragma once
// Read-only connections, one per calling thread per store. SQLite connections must not
// be shared between threads mid-statement, and WAL lets each reader run beside the
// writer without locks, so a private connection per thread is both safe and fast.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "store/sqlite/account_queries.hpp"
#include "store/sqlite/analytics_queries.hpp"
#include "store/sqlite/audit_queries.hpp"
#include "store/sqlite/board_queries.hpp"
#include "store/sqlite/nfl_rows.hpp"
#include "store/sqlite/personal_data_queries.hpp"
#include "store/sqlite/report_queries.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"

namespace jm::store::sqlite {

// Read queries on one thread's connection; statements are prepared on first use
// (lazily, because the schema may be migrated after the connection opens).
class ReadConnection {
 public:
  ReadConnection(const std::string& path, int busy_timeout_ms, const PiiCodec& pii);

  std::optional<SavedGame> find_game_by_session(const std::string& session_id);
  std::int64_t count_games();
  // The health probe: a trivial query against schema_migrations.
  std::int64_t count_migrations();
  std::vector<int> applied_migrations();

  Connection& connection() { return conn_; }
  NflReader& nfl() { return nfl_; }
  BoardQueries& board() { return board_; }
  AccountQueries& accounts() { return accounts_; }
  AuditQueries& audit() { return audit_; }
  JobQueries& jobs() { return jobs_; }
  PersonalDataQueries& personal_data() { return personal_data_; }
  ReportQueries& reports() { return reports_; }
  AnalyticsQueries& analytics() { return analytics_; }

 private:
  Statement& prepared(Statement& s, const char* sql);

  Connection conn_;  // first: the query sets below hold a reference to it
  NflReader nfl_{conn_};
  BoardQueries board_{conn_};
  AccountQueries accounts_;
  AuditQueries audit_{conn_};
  JobQueries jobs_{conn_};
  PersonalDataQueries personal_data_{conn_, accounts_, audit_};
  ReportQueries reports_;
  AnalyticsQueries analytics_{conn_};
  Statement find_game_;
  Statement count_games_;
  Statement count_migrations_;
};

class ReaderPool {
 public:
  // `pii` opens e-mails for the readers; it must outlive the pool.
  ReaderPool(std::string path, int busy_timeout_ms, const PiiCodec& pii)
      : path_(std::move(path)), busy_timeout_ms_(busy_timeout_ms), pii_(pii) {}

  // The calling thread's connection, opened on first use; throws if it cannot be
  // opened. The reference stays valid for the pool's lifetime. Keyed per pool (not
  // thread_local), so several stores in one process never share a connection.
  ReadConnection& local();

 private:
  const std::string path_;
  const int busy_timeout_ms_;
  const PiiCodec& pii_;
  std::mutex mu_;
  std::unordered_map<std::thread::id, std::unique_ptr<ReadConnection>> conns_;  // guarded
};

}  // namespace jm::store::sqlite
