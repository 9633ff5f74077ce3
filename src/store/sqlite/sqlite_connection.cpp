#include "store/sqlite/sqlite_connection.hpp"

#include <utility>

namespace jm::store::sqlite {

StoreError to_store_error(const SqliteError& e) {
  switch (e.primary_code()) {
    case SQLITE_CONSTRAINT:
      if (e.code() == SQLITE_CONSTRAINT_UNIQUE || e.code() == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return {ErrorKind::conflict, e.what()};
      }
      return {ErrorKind::invalid, e.what()};
    case SQLITE_TOOBIG:
    case SQLITE_MISMATCH:
      return {ErrorKind::invalid, e.what()};
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL:
    case SQLITE_PERM:
      return {ErrorKind::unavailable, e.what()};
    default:
      return {ErrorKind::internal, e.what()};
  }
}

void throw_error(sqlite3* db, int rc, std::string_view context) {
  std::string msg(context);
  msg += ": ";
  msg += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const int code = db ? sqlite3_extended_errcode(db) : rc;
  // sqlite3_extended_errcode may lag behind for API misuse; prefer the more specific.
  throw SqliteError((code & 0xFF) == (rc & 0xFF) ? code : rc, msg);
}

// ---------------------------------------------------------------------------------
// Statement

Statement::Statement(sqlite3* db, std::string_view sql) {
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
    throw_error(db, rc, "prepare '" + std::string(sql.substr(0, 60)) + "'");
  }
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

void Statement::check_bind(int rc, int index) {
  if (rc != SQLITE_OK) {
    throw_error(sqlite3_db_handle(stmt_), rc, "bind parameter " + std::to_string(index));
  }
}

void Statement::bind(int index, std::int64_t value) {
  check_bind(sqlite3_bind_int64(stmt_, index, value), index);
}

void Statement::bind(int index, std::string_view value) {
  // SQLITE_TRANSIENT: SQLite copies the bytes, so callers may pass temporaries.
  check_bind(
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
      index);
}

void Statement::bind(int index, const std::optional<int>& value) {
  if (value) {
    bind(index, static_cast<std::int64_t>(*value));
  } else {
    bind_null(index);
  }
}

void Statement::bind_null(int index) {
  check_bind(sqlite3_bind_null(stmt_, index), index);
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3* db = sqlite3_db_handle(stmt_);
  const char* sql = sqlite3_sql(stmt_);
  throw_error(db, rc, std::string(sql ? std::string_view(sql).substr(0, 60) : "step"));
}

void Statement::bind_text_or_null(int index, std::string_view value) {
  if (value.empty()) {
    bind_null(index);
  } else {
    bind(index, value);
  }
}

void Statement::run() {
  ResetOnExit reset(*this);
  while (step()) {
  }
}

void Statement::reset() noexcept {
  if (!stmt_) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::column_is_null(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

std::int64_t Statement::column_int64(int col) const {
  return sqlite3_column_int64(stmt_, col);
}

std::string Statement::column_text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (!p) return {};
  return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::optional<int> Statement::column_optional_int(int col) const {
  if (column_is_null(col)) return std::nullopt;
  return sqlite3_column_int(stmt_, col);
}

// ---------------------------------------------------------------------------------
// Connection

Connection::Connection(const std::string& path, OpenMode mode, int busy_timeout_ms) : path_(path) {
  // NOMUTEX: every connection is used by one thread at a time (the writer thread, or
  // the reader's owning thread), so SQLite's per-connection mutex is pure overhead.
  int flags = SQLITE_OPEN_NOMUTEX;
  flags |= mode == OpenMode::read_only ? SQLITE_OPEN_READONLY
                                       : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string reason = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw std::runtime_error("cannot open database '" + path + "': " + reason);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, busy_timeout_ms);
}

Connection::~Connection() {
  // close_v2 tolerates statements still alive elsewhere (it closes when they finish).
  sqlite3_close_v2(db_);
}

void Connection::exec(std::string_view sql) {
  const std::string owned(sql);  // sqlite3_exec needs a NUL-terminated string
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, owned.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    const int code = sqlite3_extended_errcode(db_);
    throw SqliteError((code & 0xFF) == (rc & 0xFF) ? code : rc, msg);
  }
}

std::string Connection::query_text(std::string_view sql) {
  Statement s(db_, sql);
  return s.step() ? s.column_text(0) : std::string{};
}

bool Connection::file_has_moved() const {
  int moved = 0;
  if (sqlite3_file_control(db_, "main", SQLITE_FCNTL_HAS_MOVED, &moved) != SQLITE_OK) {
    return false;  // the VFS cannot tell; the health query is the remaining check
  }
  return moved != 0;
}

// ---------------------------------------------------------------------------------
// ReadSnapshot

ReadSnapshot::~ReadSnapshot() {
  if (!open_ || !conn_.in_transaction()) return;
  try {
    conn_.exec("ROLLBACK");
  } catch (const std::exception&) {
    // The error that brought us here is the one worth reporting.
  }
}

void ReadSnapshot::commit() {
  open_ = false;
  conn_.exec("COMMIT");
}

}  // namespace jm::store::sqlite
