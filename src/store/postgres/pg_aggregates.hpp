#pragma once
// The analytics aggregates on PostgreSQL (migration 004). The group-commit writer sums a
// pipelined batch's moves (aggregate_batch.hpp) and queues one upsert per key before
// COMMIT; ops that run on their own (the savepoint path, update_game_state) send theirs
// one statement at a time. Rebuild: aggregate_sql.hpp.
#include "store/aggregate_events.hpp"
#include "store/postgres/pg_connection.hpp"

namespace jm::store::postgres {

class AggregateSink final : public aggregates::AggregateSink {
 public:
  // `pipelined`: queue each upsert in the connection's open pipeline (the caller reads
  // queued() results) instead of running it and waiting for the answer.
  explicit AggregateSink(Connection& conn, bool pipelined = false)
      : conn_(conn), pipelined_(pipelined) {}

  void daily(const aggregates::DailyDelta& delta) override;
  void duration(std::int64_t day, const std::string& mode, int bucket, int games) override;
  void month_game(const std::string& game_type, const std::string& month,
                  std::optional<std::int64_t> user_id) override;
  void month_games(const std::string& game_type, const std::string& month, std::int64_t games,
                   const std::vector<std::int64_t>& user_ids) override;
  void career(const aggregates::CareerDelta& delta) override;

  int queued() const { return queued_; }

 private:
  void send(const Sql& sql, const Params& params);

  Connection& conn_;
  const bool pipelined_;
  int queued_ = 0;
};

// Recomputes every aggregate table from raw rows, in the caller's transaction.
AggregateRebuildReport rebuild_aggregates(Connection& conn);

}  // namespace jm::store::postgres
