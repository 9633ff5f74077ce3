#pragma once
// One libpq connection with bounded waits. Every query is sent asynchronously and its
// answer awaited with poll() against a deadline (statement_timeout plus a margin), so a
// dead network or a stuck server costs at most that long, never a hang; the connection
// is then marked broken and its pool drops it.
//
// Statements are named prepared statements, prepared on this connection the first time
// they are used. With `prepared` off (PgBouncer in transaction mode before 1.21) the
// same SQL goes out as unnamed statements instead.
#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_set>

#include "store/postgres/pg_error.hpp"
#include "store/postgres/pg_result.hpp"

namespace jm::store::postgres {

struct ConnectionSettings {
  std::string url;  // postgres://user@host:port/db?...
  std::string application_name = "journeyman";
  int connect_timeout_seconds = 10;
  int statement_timeout_ms = 30'000;
  bool prepared = true;     // named prepared statements (see docs/operations.md)
  std::string search_path;  // empty: the server's default (tests use a schema each)
};

// A statement known by name. `name` must be unique per SQL text within the program.
struct Sql {
  const char* name;
  const char* text;
};

class Connection {
 public:
  // Connects (bounded by connect_timeout). Throws PgError(broken) on failure.
  explicit Connection(const ConnectionSettings& settings);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one statement and returns its result; throws PgError on any failure.
  Result run(const Sql& sql, const Params& params = {});
  // Runs SQL text through the simple protocol (several statements allowed, no params):
  // transaction control and migrations.
  void exec(const std::string& sql);

  // ---- Pipeline mode: send many statements, then read their results in order. ----
  // Statements are buffered (libpq sends whenever 8 KiB are queued) and go out at the
  // latest with pipeline_flush() or pipeline_sync(): one send per batch, not per statement.
  void pipeline_begin();
  void pipeline_send(const Sql& sql, const Params& params);
  void pipeline_send_text(const char* sql);  // no parameters, not prepared (BEGIN, COMMIT)
  // Asks the server to send the results so far without ending the pipeline (no sync: an
  // open transaction stays open, and a failed statement still aborts what follows).
  void pipeline_flush();
  void pipeline_sync();
  // The next statement's result: COMMAND_OK/TUPLES_OK, FATAL_ERROR or PIPELINE_ABORTED.
  // Throws PgError(broken) only when the connection fails.
  Result pipeline_next();
  void pipeline_end();  // reads up to the sync and leaves pipeline mode

  // True once a failure left the connection unusable; the pool then closes it.
  bool broken() const { return broken_ || PQstatus(conn_) != CONNECTION_OK; }
  // Idle connection check without a round trip: a socket that is readable while we
  // expect nothing means the server closed it (restart, idle kill) or sent an error.
  bool looks_alive();
  bool in_transaction() const { return PQtransactionStatus(conn_) != PQTRANS_IDLE; }

  // Overrides the client-side deadline for the next calls (migrations may take long).
  void set_query_timeout_ms(int ms) { query_timeout_ms_ = ms; }

  // Checkouts from the pool (each a transaction or a single statement), as node-postgres'
  // maxUses counts them: the pool replaces a connection after max_uses.
  std::int64_t uses() const { return uses_; }
  void count_use() { ++uses_; }
  std::chrono::steady_clock::time_point opened_at() const { return opened_at_; }

 private:
  using Deadline = std::chrono::steady_clock::time_point;
  Deadline deadline() const;
  [[noreturn]] void fail(const std::string& what, const std::string& sqlstate = {});
  void wait_socket(short events, Deadline until);
  void flush(Deadline until);
  PGresult* next_result(Deadline until);
  Result finish_command(Deadline until);  // reads to the terminating NULL, throws on error
  bool needs_prepare(const Sql& sql);
  void send_prepared(const Sql& sql, const Params& params);

  PGconn* conn_ = nullptr;
  bool prepared_mode_;
  bool broken_ = false;
  int query_timeout_ms_;
  std::int64_t uses_ = 0;
  std::chrono::steady_clock::time_point opened_at_;
  std::unordered_set<std::string> prepared_;
  // Results still to read, in order: the statement name of a PREPARE, or "" for a query.
  std::deque<std::string> pipeline_pending_;
};

}  // namespace jm::store::postgres
