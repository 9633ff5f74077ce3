#pragma once
// An advisory lock beside a SQLite database file (<path>.lock, flock(2)). Every running
// server holds it shared; `journeyman restore` takes it exclusively, so a restore never
// overwrites a database a running server has open, and no server starts mid-restore.
// (SQLite's own locks cannot tell: an idle server in WAL mode holds none.)
#include <optional>
#include <string>

namespace jm::store::sqlite {

class DatabaseLock {
 public:
  enum class Mode { shared, exclusive };
  // Non-blocking; nullopt when another process holds a conflicting lock.
  // Throws std::runtime_error when the lock file cannot be opened.
  static std::optional<DatabaseLock> try_acquire(const std::string& db_path, Mode mode);

  DatabaseLock(DatabaseLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  DatabaseLock& operator=(DatabaseLock&& other) noexcept;
  DatabaseLock(const DatabaseLock&) = delete;
  DatabaseLock& operator=(const DatabaseLock&) = delete;
  ~DatabaseLock();

 private:
  explicit DatabaseLock(int fd) : fd_(fd) {}
  int fd_;
};

std::string lock_path_for(const std::string& db_path);

}  // namespace jm::store::sqlite
