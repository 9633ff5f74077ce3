#pragma once
// What went wrong talking to PostgreSQL, and what that means for a Store caller.
#include <stdexcept>
#include <string>

#include "store/store_error.hpp"

namespace jm::store::postgres {

class PgError : public std::runtime_error {
 public:
  // `sqlstate` is the server's five-character code ("" when there was no server answer);
  // `broken` says the connection is unusable (lost, timed out, protocol state unknown).
  PgError(std::string message, std::string sqlstate, bool broken)
      : std::runtime_error(std::move(message)), sqlstate_(std::move(sqlstate)), broken_(broken) {}

  const std::string& sqlstate() const { return sqlstate_; }
  bool broken() const { return broken_; }

 private:
  std::string sqlstate_;
  bool broken_;
};

// Maps a failure to the Store's error kinds: unique/exclusion → conflict; bad data
// (class 22, other integrity violations) → invalid; the server unreachable, shutting
// down, out of resources, timed out or read-only → unavailable; the rest → internal.
StoreError to_store_error(const PgError& e);

// True when the failure says "the database cannot serve this now" (→ 503).
inline bool is_unavailable(const PgError& e) {
  return to_store_error(e).kind == ErrorKind::unavailable;
}

// True for a deadlock (40P01) or a serialization failure (40001): the server aborted the
// statement only because another transaction held what it needed, so running it again
// (after rolling back to before it) usually succeeds. Aggregate rows shared by every game
// of a day make such clashes possible between instances writing at the same time.
inline bool is_retryable_clash(const PgError& e) {
  return !e.broken() && (e.sqlstate() == "40P01" || e.sqlstate() == "40001");
}

}  // namespace jm::store::postgres
