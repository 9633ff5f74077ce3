#pragma once
// Analytics reads on one read connection: the aggregate tables of migration 004 (and,
// for distinct players, raw games by their finished_at index).
#include <cstdint>
#include <vector>

#include "store/analytics_types.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace jm::store::sqlite {

class AnalyticsQueries {
 public:
  explicit AnalyticsQueries(Connection& conn) : conn_(conn) {}

  std::vector<DailyAggregate> daily(const DailyQuery& query);
  std::int64_t active_players(const DailyQuery& query);
  std::vector<MonthlyAggregate> monthly();
  CareerPage careers(const CareerQuery& query);

 private:
  Connection& conn_;
  Statement daily_, histogram_, players_, monthly_, career_total_;
};

}  // namespace jm::store::sqlite
