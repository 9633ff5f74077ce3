#pragma once
// The analytics aggregates on PostgreSQL (migration 004). Writers report their moves to an
// AggregateSink, which sums them per key (aggregate_batch.hpp) and writes them all with one
// statement: the group-commit writer queues it once per pipelined batch before COMMIT,
// ops that run on their own (the savepoint path, update_game_state) run it at their end.
// Rebuild: aggregate_sql.hpp.
#include "store/aggregate_batch.hpp"
#include "store/aggregate_events.hpp"
#include "store/postgres/pg_connection.hpp"

namespace jm::store::postgres {

class AggregateSink final : public aggregates::AggregateSink {
 public:
  explicit AggregateSink(Connection& conn) : conn_(conn) {}

  void daily(const aggregates::DailyDelta& delta) override { totals_.daily(delta); }
  void duration(std::int64_t day, const std::string& mode, int bucket, int games) override {
    totals_.duration(day, mode, bucket, games);
  }
  void month_game(const std::string& game_type, const std::string& month,
                  std::optional<std::int64_t> user_id) override {
    totals_.month_game(game_type, month, user_id);
  }
  void career(const aggregates::CareerDelta& delta) override { totals_.career(delta); }

  // Writes what was reported and waits for it (nothing to write: no statement).
  void write();
  // Queues that statement in the connection's open pipeline instead; false when there
  // was nothing to write (then no result is to be read).
  bool queue();

 private:
  Connection& conn_;
  aggregates::BatchTotals totals_;
};

// Recomputes every aggregate table from raw rows, in the caller's transaction.
AggregateRebuildReport rebuild_aggregates(Connection& conn);

}  // namespace jm::store::postgres
