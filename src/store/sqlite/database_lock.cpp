#include "store/sqlite/database_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace jm::store::sqlite {

std::string lock_path_for(const std::string& db_path) {
  return db_path + ".lock";
}

std::optional<DatabaseLock> DatabaseLock::try_acquire(const std::string& db_path, Mode mode) {
  const auto path = lock_path_for(db_path);
  const auto parent = std::filesystem::path(path).parent_path();
  std::error_code ignored;  // the open below reports what matters
  if (!parent.empty()) std::filesystem::create_directories(parent, ignored);
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw std::runtime_error("cannot open the lock file '" + path + "': " + std::strerror(errno));
  }
  const int op = (mode == Mode::shared ? LOCK_SH : LOCK_EX) | LOCK_NB;
  int rc;
  do {
    rc = ::flock(fd, op);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) return std::nullopt;
    throw std::runtime_error("cannot lock '" + path + "': " + std::strerror(err));
  }
  return DatabaseLock(fd);
}

DatabaseLock& DatabaseLock::operator=(DatabaseLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

DatabaseLock::~DatabaseLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace jm::store::sqlite
