#pragma once
// PostgresStore::read, shared by the store's source files: borrow a connection, run the
// query, turn failures into the Store's read contract (StoreUnavailable → 503, anything
// else std::runtime_error → 500).
#include <stdexcept>

#include "store/postgres/pg_error.hpp"
#include "store/postgres/pg_pool.hpp"
#include "store/postgres/postgres_store.hpp"

namespace jm::store {
namespace postgres {

// `idempotent`: a pooled connection the server dropped since its last use fails on
// first contact; a read may then safely run once more on a fresh connection.
template <typename F>
auto read_on(Pool& pool, F& f, bool idempotent = true) {
  for (int attempt = 0;; ++attempt) {
    std::optional<Pool::Lease> lease;
    try {
      lease.emplace(pool.acquire());
    } catch (const PgError& e) {
      throw StoreUnavailable(e.what());
    }
    try {
      return f(**lease);
    } catch (const PgError& e) {
      if (e.broken() && idempotent && attempt == 0) continue;
      if (is_unavailable(e)) throw StoreUnavailable(e.what());
      throw std::runtime_error(std::string("postgres read failed: ") + e.what());
    }
  }
}

}  // namespace postgres

// `replica_ok`: the read tolerates replication lag (public pages, catalogues, audit),
// so it may go to the replica. Reads that must see the caller's own latest write
// (game state, credentials, jobs) always go to the primary.
template <typename F>
auto PostgresStore::read(bool replica_ok, F&& f) {
  if (replica_ok && replica_) {
    try {
      return postgres::read_on(*replica_, f);
    } catch (const StoreUnavailable&) {
      // The replica pool logs the outage once (postgres_unreachable) and fails fast
      // while it lasts; the read goes to the primary meanwhile.
    }
  }
  return postgres::read_on(*primary_, f);
}

}  // namespace jm::store
