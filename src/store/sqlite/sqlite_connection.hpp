#pragma once
// Thin RAII wrappers over the SQLite C API. They throw SqliteError so the layers above
// can keep their happy path straight and translate failures in one place
// (to_store_error) into the Store's error vocabulary.
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "store/store.hpp"

namespace jm::store::sqlite {

class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  // The extended result code (e.g. SQLITE_CONSTRAINT_CHECK).
  int code() const { return code_; }
  int primary_code() const { return code_ & 0xFF; }

 private:
  int code_;
};

// Maps an SQLite failure onto the Store's error kinds: constraint clashes are the
// caller's fault (invalid/conflict); I/O, locking and capacity problems mean the
// database cannot be written right now (unavailable → 503).
StoreError to_store_error(const SqliteError& e);

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, std::string_view sql);  // prepares once; throws SqliteError
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  explicit operator bool() const { return stmt_ != nullptr; }

  // Parameters are 1-based, as in SQL's ?NNN.
  void bind(int index, std::int64_t value);
  void bind(int index, int value) { bind(index, static_cast<std::int64_t>(value)); }
  void bind(int index, bool value) { bind(index, static_cast<std::int64_t>(value ? 1 : 0)); }
  void bind(int index, std::string_view value);
  void bind(int index, const std::string& value) { bind(index, std::string_view(value)); }
  // Without this, a string literal would silently pick the bool overload.
  void bind(int index, const char* value) { bind(index, std::string_view(value)); }
  void bind(int index, const std::optional<int>& value);
  void bind_null(int index);
  // Optional text: NULL when empty, so "unknown" has one spelling in the database.
  void bind_text_or_null(int index, std::string_view value);

  // The largest parameter index in the statement's SQL.
  int parameter_count() const { return sqlite3_bind_parameter_count(stmt_); }

  // Returns true when a row is available, false when the statement is done.
  bool step();
  // Steps a statement without result rows to its end, then rewinds it.
  void run();
  // Clears bindings and rewinds; never throws (the error was reported by step()).
  void reset() noexcept;

  bool column_is_null(int col) const;
  std::int64_t column_int64(int col) const;
  std::string column_text(int col) const;
  std::optional<int> column_optional_int(int col) const;

 private:
  void check_bind(int rc, int index);

  sqlite3_stmt* stmt_ = nullptr;
};

// Rewinds a statement when leaving a scope, so no statement keeps a read cursor or a
// half-done write open (which would block COMMIT or pin an old WAL snapshot).
class ResetOnExit {
 public:
  explicit ResetOnExit(Statement& s) : s_(s) {}
  ~ResetOnExit() { s_.reset(); }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  Statement& s_;
};

enum class OpenMode { read_write_create, read_only };

class Connection {
 public:
  // Throws std::runtime_error("cannot open database '<path>': <reason>").
  Connection(const std::string& path, OpenMode mode, int busy_timeout_ms);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* get() const { return db_; }
  const std::string& path() const { return path_; }

  // Runs one or more statements without results; throws SqliteError.
  void exec(std::string_view sql);
  // Runs a statement returning a single text value (e.g. "PRAGMA journal_mode=WAL").
  std::string query_text(std::string_view sql);
  Statement prepare(std::string_view sql) { return Statement(db_, sql); }

  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }
  // Rows changed by the most recent INSERT, UPDATE or DELETE on this connection.
  std::int64_t changes() const { return sqlite3_changes64(db_); }
  // True if the file behind this connection was deleted, renamed or moved.
  bool file_has_moved() const;

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

// Prepares `slot` from `sql` on first use and returns it. Long-lived query and writer
// objects prepare lazily because a store may be opened before its schema is migrated.
inline Statement& prepare_once(Connection& conn, Statement& slot, std::string_view sql) {
  if (!slot) slot = conn.prepare(sql);
  return slot;
}

// A read transaction: statements run inside it see one snapshot of the database.
// Rolled back on scope exit unless committed (a read has nothing to lose either way).
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Connection& conn) : conn_(conn) { conn_.exec("BEGIN"); }
  ~ReadSnapshot();
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;
  void commit();

 private:
  Connection& conn_;
  bool open_ = true;
};

// Throws SqliteError built from the connection's current error message.
[[noreturn]] void throw_error(sqlite3* db, int rc, std::string_view context);

}  // namespace jm::store::sqlite
