#pragma once
// The analytics aggregates on the write connection (migration 004): one prepared upsert
// per table, run inside the game write's own savepoint, so a game and its aggregates
// commit or roll back together. Used only from the writer thread.
#include "store/aggregate_events.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace jm::store::sqlite {

class AggregateWriter final : public aggregates::AggregateSink {
 public:
  explicit AggregateWriter(Connection& conn) : conn_(conn) {}

  void daily(const aggregates::DailyDelta& delta) override;
  void duration(std::int64_t day, const std::string& mode, int bucket, int games) override;
  void month_game(const std::string& game_type, const std::string& month,
                  std::optional<std::int64_t> user_id) override;
  void career(const aggregates::CareerDelta& delta) override;

  // Recomputes every aggregate table from raw rows (the caller's transaction).
  AggregateRebuildReport rebuild();

 private:
  Connection& conn_;
  Statement daily_, duration_, member_, monthly_, career_;
};

}  // namespace jm::store::sqlite
