#pragma once
// Reads behind the original's analytics pages and /api/admin/stats on one read
// connection (see store/report_types.hpp). Statements are prepared on first use.
#include <string>
#include <vector>

#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"

namespace jm::store::sqlite {

class ReportQueries {
 public:
  ReportQueries(Connection& conn, const PiiCodec& pii) : conn_(conn), pii_(pii) {}

  std::vector<ReportGame> games_page(const ReportQuery& query, const ReportCursor& after,
                                     int limit);
  std::vector<CompatLeaderboardRow> leaderboard(const CompatLeaderboardQuery& query);
  PlayerSummaryPage player_summaries(const PlayerSummaryQuery& query);
  OperatorStats operator_stats(std::int64_t day_start_ms);

 private:
  Statement& prepared(Statement& s, const char* sql);

  Connection& conn_;
  const PiiCodec& pii_;
  Statement games_, player_games_, leaderboard_, summaries_, summary_of_, summary_count_;
  Statement game_counts_, players_, roles_, jobs_;
};

}  // namespace jm::store::sqlite
