// SqliteStore: reads behind the original's analytics pages and /api/admin/stats.
#include "store/sqlite/read_guard.hpp"
#include "store/sqlite/reader_pool.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace jm::store {

using sqlite::ReadConnection;

std::vector<ReportGame> SqliteStore::report_games_page(const ReportQuery& query,
                                                       const ReportCursor& after, int limit) {
  return sqlite::guarded_read(
      *readers_, [&](ReadConnection& r) { return r.reports().games_page(query, after, limit); });
}

std::vector<CompatLeaderboardRow> SqliteStore::compat_leaderboard(
    const CompatLeaderboardQuery& query) {
  return sqlite::guarded_read(*readers_,
                              [&](ReadConnection& r) { return r.reports().leaderboard(query); });
}

PlayerSummaryPage SqliteStore::player_summaries(const PlayerSummaryQuery& query) {
  return sqlite::guarded_read(
      *readers_, [&](ReadConnection& r) { return r.reports().player_summaries(query); });
}

OperatorStats SqliteStore::operator_stats(std::int64_t day_start_ms) {
  return sqlite::guarded_read(
      *readers_, [&](ReadConnection& r) { return r.reports().operator_stats(day_start_ms); });
}

}  // namespace jm::store
