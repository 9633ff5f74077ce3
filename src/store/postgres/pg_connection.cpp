#include "store/postgres/pg_connection.hpp"

#include <poll.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace jm::store::postgres {
namespace {

// The server enforces statement_timeout; the client waits that long plus this margin
// before it gives up on the connection (the network, not the query, is then the problem).
constexpr int kClientMarginMs = 5'000;

std::string sqlstate_of(const PGresult* r) {
  const char* s = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  return s ? s : "";
}

std::string trimmed(const char* message) {
  std::string out = message ? message : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace

std::int64_t Result::affected() const {
  const char* n = r_ ? PQcmdTuples(r_.get()) : nullptr;
  return n && *n ? std::strtoll(n, nullptr, 10) : 0;
}

std::int64_t Result::int64(int row, int col) const {
  if (is_null(row, col)) return 0;
  return std::strtoll(PQgetvalue(r_.get(), row, col), nullptr, 10);
}

Connection::Connection(const ConnectionSettings& s)
    : prepared_mode_(s.prepared),
      query_timeout_ms_(s.statement_timeout_ms + kClientMarginMs),
      opened_at_(std::chrono::steady_clock::now()) {
  std::string options = "-c statement_timeout=" + std::to_string(s.statement_timeout_ms);
  if (!s.search_path.empty()) options += " -c search_path=" + s.search_path;
  const std::string connect_timeout = std::to_string(s.connect_timeout_seconds);
  // A silent peer (cable pulled, host gone) is noticed by TCP within this bound too.
  const std::string user_timeout = std::to_string(s.statement_timeout_ms + kClientMarginMs);
  // Keywords after `dbname` override what the URL says; expand_dbname parses the URL.
  const char* keys[] = {"dbname",
                        "application_name",
                        "connect_timeout",
                        "options",
                        "keepalives",
                        "keepalives_idle",
                        "keepalives_interval",
                        "keepalives_count",
                        "tcp_user_timeout",
                        nullptr};
  const char* values[] = {s.url.c_str(),
                          s.application_name.c_str(),
                          connect_timeout.c_str(),
                          options.c_str(),
                          "1",
                          "10",
                          "5",
                          "3",
                          user_timeout.c_str(),
                          nullptr};
  conn_ = PQconnectdbParams(keys, values, 1);
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    std::string why = conn_ ? trimmed(PQerrorMessage(conn_)) : "out of memory";
    if (conn_) PQfinish(conn_);
    conn_ = nullptr;
    throw PgError("cannot connect to PostgreSQL: " + why, "08001", true);
  }
}

Connection::~Connection() {
  if (conn_) PQfinish(conn_);
}

Connection::Deadline Connection::deadline() const {
  return std::chrono::steady_clock::now() + std::chrono::milliseconds(query_timeout_ms_);
}

void Connection::fail(const std::string& what, const std::string& sqlstate) {
  broken_ = true;
  throw PgError(what + ": " + trimmed(PQerrorMessage(conn_)), sqlstate, true);
}

void Connection::wait_socket(short events, Deadline until) {
  const int fd = PQsocket(conn_);
  if (fd < 0) fail("PostgreSQL connection has no socket");
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      broken_ = true;
      throw PgError("PostgreSQL did not answer within " + std::to_string(query_timeout_ms_) + " ms",
                    "57014", true);
    }
    pollfd p{fd, events, 0};
    const int rc = ::poll(&p, 1, static_cast<int>(left.count()));
    if (rc > 0) return;
    if (rc < 0 && errno != EINTR) fail(std::string("poll failed: ") + std::strerror(errno));
  }
}

void Connection::flush(Deadline until) {
  // Non-blocking sends: while our output waits, keep reading what the server sends,
  // or both sides could block on full buffers in pipeline mode.
  for (;;) {
    const int rc = PQflush(conn_);
    if (rc == 0) return;
    if (rc < 0) fail("sending to PostgreSQL failed");
    wait_socket(POLLIN | POLLOUT, until);
    if (!PQconsumeInput(conn_)) fail("reading from PostgreSQL failed");
  }
}

PGresult* Connection::next_result(Deadline until) {
  while (PQisBusy(conn_)) {
    wait_socket(POLLIN, until);
    if (!PQconsumeInput(conn_)) fail("reading from PostgreSQL failed");
  }
  return PQgetResult(conn_);
}

Result Connection::finish_command(Deadline until) {
  Result last;
  std::string error, sqlstate;
  while (PGresult* r = next_result(until)) {
    Result res(r);
    const auto st = res.status();
    if (st == PGRES_FATAL_ERROR || st == PGRES_BAD_RESPONSE || st == PGRES_NONFATAL_ERROR) {
      if (error.empty()) {
        error = trimmed(PQresultErrorMessage(r));
        sqlstate = sqlstate_of(r);
      }
    } else {
      last = std::move(res);
    }
  }
  if (PQstatus(conn_) != CONNECTION_OK) {
    broken_ = true;
    throw PgError(
        "PostgreSQL connection lost: " + (error.empty() ? trimmed(PQerrorMessage(conn_)) : error),
        sqlstate, true);
  }
  if (!error.empty()) throw PgError(error, sqlstate, false);
  return last;
}

bool Connection::needs_prepare(const Sql& sql) {
  return prepared_mode_ && prepared_.find(sql.name) == prepared_.end();
}

Result Connection::run(const Sql& sql, const Params& params) {
  if (broken()) throw PgError("PostgreSQL connection is broken", "08003", true);
  const auto until = deadline();
  const auto values = params.pointers();
  if (needs_prepare(sql)) {
    if (!PQsendPrepare(conn_, sql.name, sql.text, 0, nullptr)) fail("cannot send statement");
    flush(until);
    try {
      finish_command(until);
    } catch (const PgError& e) {
      if (e.sqlstate() != "42P05") throw;  // duplicate_prepared_statement: it is there
    }
    prepared_.insert(sql.name);
  }
  const int ok = prepared_mode_ ? PQsendQueryPrepared(conn_, sql.name, params.size(), values.data(),
                                                      nullptr, nullptr, 0)
                                : PQsendQueryParams(conn_, sql.text, params.size(), nullptr,
                                                    values.data(), nullptr, nullptr, 0);
  if (!ok) fail("cannot send statement");
  flush(until);
  return finish_command(until);
}

void Connection::exec(const std::string& sql) {
  if (broken()) throw PgError("PostgreSQL connection is broken", "08003", true);
  const auto until = deadline();
  if (!PQsendQuery(conn_, sql.c_str())) fail("cannot send statement");
  flush(until);
  finish_command(until);
}

bool Connection::looks_alive() {
  if (broken()) return false;
  const int fd = PQsocket(conn_);
  if (fd < 0) return false;
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, 0) <= 0) return true;  // nothing to read: as expected
  // Something arrived unasked: EOF, an error (server shutdown), or a notice.
  if (!PQconsumeInput(conn_) || PQstatus(conn_) != CONNECTION_OK) {
    broken_ = true;
    return false;
  }
  return !PQisBusy(conn_) && PQgetResult(conn_) == nullptr;
}

void Connection::pipeline_begin() {
  if (broken()) throw PgError("PostgreSQL connection is broken", "08003", true);
  if (PQsetnonblocking(conn_, 1) != 0 || !PQenterPipelineMode(conn_)) {
    fail("cannot enter pipeline mode");
  }
  pipeline_pending_.clear();
}

void Connection::send_prepared(const Sql& sql, const Params& params) {
  const auto values = params.pointers();
  const int ok = prepared_mode_ ? PQsendQueryPrepared(conn_, sql.name, params.size(), values.data(),
                                                      nullptr, nullptr, 0)
                                : PQsendQueryParams(conn_, sql.text, params.size(), nullptr,
                                                    values.data(), nullptr, nullptr, 0);
  if (!ok) fail("cannot queue statement");
}

void Connection::pipeline_send(const Sql& sql, const Params& params) {
  if (needs_prepare(sql)) {
    if (!PQsendPrepare(conn_, sql.name, sql.text, 0, nullptr)) fail("cannot queue statement");
    prepared_.insert(sql.name);  // undone in pipeline_next if the PREPARE fails
    pipeline_pending_.emplace_back(sql.name);
  }
  send_prepared(sql, params);
  pipeline_pending_.emplace_back();
}

void Connection::pipeline_send_text(const char* sql) {
  if (!PQsendQueryParams(conn_, sql, 0, nullptr, nullptr, nullptr, nullptr, 0)) {
    fail("cannot queue statement");
  }
  pipeline_pending_.emplace_back();
}

void Connection::pipeline_flush() {
  if (!PQsendFlushRequest(conn_)) fail("cannot queue pipeline flush request");
  flush(deadline());
}

void Connection::pipeline_sync() {
  if (!PQpipelineSync(conn_)) fail("cannot queue pipeline sync");
  flush(deadline());
}

Result Connection::pipeline_next() {
  const auto until = deadline();
  for (;;) {
    if (pipeline_pending_.empty()) throw PgError("pipeline: no result pending", "", true);
    const std::string prepared_name = std::move(pipeline_pending_.front());
    pipeline_pending_.pop_front();
    PGresult* r = next_result(until);
    if (!r) fail("pipeline: result missing");
    Result res(r);
    // Each command's results end with a NULL.
    while (PGresult* extra = next_result(until)) PQclear(extra);
    if (PQstatus(conn_) != CONNECTION_OK) fail("PostgreSQL connection lost");
    if (prepared_name.empty()) return res;
    // A PREPARE skipped or refused (an earlier statement failed): prepare it next time.
    if (res.status() != PGRES_COMMAND_OK) prepared_.erase(prepared_name);
  }
}

void Connection::pipeline_end() {
  const auto until = deadline();
  // Whatever is left unread (after an early error) is discarded up to the sync.
  for (;;) {
    PGresult* r = next_result(until);
    if (!r) continue;  // end of one command's results
    const auto st = PQresultStatus(r);
    PQclear(r);
    if (st == PGRES_PIPELINE_SYNC) break;
    if (PQstatus(conn_) != CONNECTION_OK) fail("PostgreSQL connection lost");
  }
  // Normally every result has been read by now. A PREPARE among the discarded ones may
  // or may not exist: forget it (run() accepts "already exists" when preparing again).
  for (const auto& name : pipeline_pending_) {
    if (!name.empty()) prepared_.erase(name);
  }
  pipeline_pending_.clear();
  if (!PQexitPipelineMode(conn_)) fail("cannot leave pipeline mode");
  PQsetnonblocking(conn_, 0);
}

}  // namespace jm::store::postgres
