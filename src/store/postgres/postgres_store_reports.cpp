// PostgresStore: reads behind the original's analytics pages and /api/admin/stats. All
// tolerate replication lag, so they may go to the replica.
#include <algorithm>

#include "store/postgres/pg_report_sql.hpp"
#include "store/postgres/pg_store_read.hpp"

namespace jm::store {

namespace sql = postgres::sql;
using postgres::Connection;
using postgres::Params;
using postgres::Result;

namespace {

ReportGame game_from(const Result& r, int i, const PiiCodec& pii) {
  ReportGame g;
  g.game_id = r.int64(i, 14);
  g.player_id = r.text(i, 0);
  g.player_name = r.text(i, 1);
  if (!r.is_null(i, 2)) g.email = pii.open(r.text(i, 2));
  g.game_type = r.text(i, 3);
  g.mode = r.text(i, 4);
  g.source = r.text(i, 5);
  g.duration_seconds = r.opt_int(i, 6);
  g.correct_count = r.opt_int(i, 7);
  g.guess_count = r.int32(i, 8);
  g.score = r.int32(i, 9);
  g.shared_on_social = r.flag(i, 10);
  g.completed = r.flag(i, 11);
  g.created_at_ms = r.int64(i, 12);
  g.player_since_ms = r.int64(i, 13);
  return g;
}

PlayerSummary summary_from(const Result& r, int i, const PiiCodec& pii) {
  PlayerSummary p;
  p.player_id = r.text(i, 0);
  if (!r.is_null(i, 1)) p.email = pii.open(r.text(i, 1));
  p.games = r.int32(i, 2);
  p.correct_total = r.int64(i, 3);
  p.guesses_total = r.int64(i, 4);
  p.duration_total = r.int64(i, 5);
  p.games_with_duration = r.int32(i, 6);
  p.challenge_games = r.int32(i, 7);
  p.easy_games = r.int32(i, 8);
  p.shares = r.int32(i, 9);
  p.first_played_ms = r.int64(i, 10);
  p.last_played_ms = r.int64(i, 11);
  return p;
}

}  // namespace

std::vector<ReportGame> PostgresStore::report_games_page(const ReportQuery& query,
                                                         const ReportCursor& after, int limit) {
  return read(true, [&](Connection& c) {
    Params params;
    params.add(after.created_at_ms)
        .add(after.game_id)
        .add(query.until_ms)
        .add(query.mode)
        .add(std::max(limit, 0))
        .add(query.with_email);
    const bool one_player = !query.player_id.empty();
    if (one_player) params.add(query.player_id);
    const Result r = c.run(one_player ? sql::kReportPlayerGames : sql::kReportGames, params);
    std::vector<ReportGame> out;
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) out.push_back(game_from(r, i, *pii_));
    return out;
  });
}

std::vector<CompatLeaderboardRow> PostgresStore::compat_leaderboard(
    const CompatLeaderboardQuery& query) {
  return read(true, [&](Connection& c) {
    const Result r = c.run(sql::kCompatLeaderboard, Params()
                                                        .add(query.since_ms)
                                                        .add(query.mode)
                                                        .add(std::max(query.limit, 0))
                                                        .add(std::max(query.offset, 0)));
    std::vector<CompatLeaderboardRow> out;
    for (int i = 0; i < r.rows(); ++i) {
      CompatLeaderboardRow row;
      row.name = r.text(i, 0);
      row.best_score = r.int32(i, 1);
      row.fastest_time_seconds = r.opt_int(i, 2);
      row.games_played = r.int32(i, 3);
      row.last_played_ms = r.int64(i, 4);
      out.push_back(std::move(row));
    }
    return out;
  });
}

PlayerSummaryPage PostgresStore::player_summaries(const PlayerSummaryQuery& query) {
  return read(true, [&](Connection& c) {
    PlayerSummaryPage page;
    if (!query.player_id.empty()) {
      const Result r = c.run(sql::kPlayerSummaryOf, Params().add(query.player_id));
      for (int i = 0; i < r.rows(); ++i) page.players.push_back(summary_from(r, i, *pii_));
      page.total = r.rows();
      return page;
    }
    const Result r = c.run(sql::kPlayerSummaries,
                           Params().add(std::max(query.limit, 0)).add(std::max(query.offset, 0)));
    for (int i = 0; i < r.rows(); ++i) page.players.push_back(summary_from(r, i, *pii_));
    page.total = c.run(sql::kPlayerSummaryCount).int64(0, 0);
    return page;
  });
}

OperatorStats PostgresStore::operator_stats(std::int64_t day_start_ms) {
  // The primary: an operator looking at stats wants the jobs queue as it is now.
  return read(false, [&](Connection& c) {
    OperatorStats stats;
    const Result r = c.run(sql::kOperatorGameCounts, Params().add(day_start_ms));
    stats.games_total = r.int64(0, 0);
    stats.games_today = r.int64(0, 1);
    stats.games_finished = r.int64(0, 2);
    stats.games_active = r.int64(0, 3);
    stats.players = r.int64(0, 4);
    stats.jobs_queued = r.int64(0, 5);
    stats.jobs_running = r.int64(0, 6);
    stats.jobs_failed = r.int64(0, 7);
    const Result roles = c.run(sql::kOperatorRoles);
    for (int i = 0; i < roles.rows(); ++i)
      stats.accounts_by_role[roles.text(i, 0)] = roles.int64(i, 1);
    return stats;
  });
}

}  // namespace jm::store
