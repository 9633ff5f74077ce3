#pragma once
// Applies the embedded postgres migrations, each in its own transaction, recording the
// versions in schema_migrations. A session-level advisory lock serialises instances
// that start at the same time: the first migrates, the others wait and find nothing
// left to do.
#include <cstdint>
#include <vector>

#include "store/migrations.hpp"
#include "store/postgres/pg_connection.hpp"

namespace jm::store::postgres {

// Throws std::runtime_error naming the failed migration (PgError when unreachable).
std::vector<int> apply_migrations(Connection& conn, const std::vector<Migration>& migrations,
                                  std::int64_t now_ms);
// Versions recorded so far (empty before the first migration).
std::vector<int> applied_migrations(Connection& conn);

}  // namespace jm::store::postgres
