#pragma once
// The analytics aggregates on PostgreSQL (migration 004). Client saves and server-game
// creation carry their upserts as CTEs of their one statement (pg_game_sql.hpp), so they
// keep the pipelined fast path; update_game_state, which already takes several round
// trips, reports to this sink, one upsert per table. Rebuild: aggregate_sql.hpp.
#include "store/aggregate_events.hpp"
#include "store/postgres/pg_connection.hpp"

namespace jm::store::postgres {

class AggregateSink final : public aggregates::AggregateSink {
 public:
  explicit AggregateSink(Connection& conn) : conn_(conn) {}

  void daily(const aggregates::DailyDelta& delta) override;
  void duration(std::int64_t day, const std::string& mode, int bucket, int games) override;
  void month_game(const std::string& game_type, const std::string& month,
                  std::optional<std::int64_t> user_id) override;
  void career(const aggregates::CareerDelta& delta) override;

 private:
  Connection& conn_;
};

// Recomputes every aggregate table from raw rows, in the caller's transaction.
AggregateRebuildReport rebuild_aggregates(Connection& conn);

}  // namespace jm::store::postgres
