#pragma once
// Sums the aggregate moves of a whole group-commit batch in memory and hands them on once
// per key, just before COMMIT. A batch of N client games then writes one row change per
// (day, mode), (day, mode, bucket), (game type, month) and career instead of four per
// game (SQLite: an upsert per key; PostgreSQL: all of them in one statement), and the hot
// rows are locked only for the end of the transaction, always in key order, so concurrent
// writers (several instances) cannot deadlock on them.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "store/aggregate_events.hpp"

namespace jm::store::aggregates {

class BatchTotals final : public AggregateSink {
 public:
  void daily(const DailyDelta& delta) override;
  void duration(std::int64_t day, const std::string& mode, int bucket, int games) override;
  void month_game(const std::string& game_type, const std::string& month,
                  std::optional<std::int64_t> user_id) override;
  void career(const CareerDelta& delta) override;

  bool empty() const;
  void clear();
  // One call per key with a non-zero change, tables and keys in a fixed order.
  void flush_to(AggregateSink& target) const;

 private:
  struct MonthTotal {
    std::int64_t games = 0;
    std::set<std::int64_t> users;
  };
  std::map<std::pair<std::int64_t, std::string>, DailyDelta> daily_;
  std::map<std::tuple<std::int64_t, std::string, int>, std::int64_t> duration_;
  std::map<std::pair<std::string, std::string>, MonthTotal> months_;
  std::map<std::int64_t, CareerDelta> careers_;
};

}  // namespace jm::store::aggregates
