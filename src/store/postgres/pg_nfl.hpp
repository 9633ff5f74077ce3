#pragma once
// NFL facts on PostgreSQL: whole-table reads, and the seeding upsert as a writer op.
// Equality and "stored form" rules are the SQLite store's (store/sqlite/nfl_rows.hpp),
// so both dialects agree on what "unchanged" means.
#include <vector>

#include "store/postgres/pg_connection.hpp"
#include "store/store.hpp"

namespace jm::store::postgres {

std::vector<TeamRow> load_teams(Connection& conn);      // by code
std::vector<CareerRow> load_careers(Connection& conn);  // by name, stints by seq

// Inside the writer's transaction: leaves identical rows untouched, upserts the rest
// (a changed career's stints are replaced). Throws PgError naming the bad row.
SeedCounts upsert_nfl(Connection& conn, const std::vector<TeamRow>& teams,
                      const std::vector<CareerRow>& careers);

}  // namespace jm::store::postgres
