#include "store/sqlite/board_queries.hpp"

#include <algorithm>

namespace jm::store::sqlite {
namespace {

// LEFT JOIN: an erased player's game still exists, with no player.
constexpr const char* kGameState =
    "SELECT g.id, g.session_id, coalesce(u.public_id, ''), coalesce(u.name, ''), g.status,"
    " g.state_json, g.version"
    " FROM games g LEFT JOIN users u ON u.id = g.user_id"
    " WHERE g.session_id = ?1 AND g.state_json IS NOT NULL";

// The inner join drops erased players (user_id NULL). Never selects users.email.
// Ties: faster best time first (a player with no solved game has none, so sorts
// last), then name, then public id so paging is stable.
constexpr const char* kLeaderboard =
    "SELECT u.public_id, u.name, sum(g.score) AS total, count(*),"
    " min(CASE WHEN g.correct_count > 0 THEN g.duration_seconds END) AS best"
    " FROM games g JOIN users u ON u.id = g.user_id"
    " WHERE g.source = 'server' AND g.status = 'finished' AND g.finished_at >= ?1"
    "  AND (?2 = '' OR g.mode = ?2)"
    " GROUP BY g.user_id"
    " ORDER BY total DESC, best ASC NULLS LAST, u.name, u.public_id"
    " LIMIT ?3 OFFSET ?4";

// Archive replays are stored without a puzzle_number, so they never count as solved.
constexpr const char* kSolvedDaily =
    "SELECT DISTINCT g.puzzle_number FROM games g JOIN users u ON u.id = g.user_id"
    " WHERE u.public_id = ?1 AND g.source = 'server' AND g.status = 'finished'"
    "  AND g.mode = 'daily' AND g.correct_count > 0 AND g.puzzle_number IS NOT NULL"
    " ORDER BY g.puzzle_number";

constexpr const char* kHistory =
    "SELECT g.session_id, g.mode, coalesce(g.score, 0), g.correct_count, g.duration_seconds,"
    " g.puzzle_number, g.finished_at"
    " FROM games g JOIN users u ON u.id = g.user_id"
    " WHERE u.public_id = ?1 AND g.source = 'server' AND g.status = 'finished'"
    " ORDER BY g.finished_at DESC, g.id DESC LIMIT ?2";

constexpr const char* kDailyCounts =
    "SELECT count(*), count(*) FILTER (WHERE g.correct_count > 0) FROM games g"
    " WHERE g.mode = 'daily' AND g.puzzle_number = ?1 AND g.source = 'server'"
    "  AND g.status = 'finished'";

// A daily is one round, so round 0 is the solved round of a solved game.
constexpr const char* kDailyTeams =
    "SELECT r.teams_revealed, count(*) FROM games g"
    " JOIN game_rounds r ON r.game_id = g.id AND r.round_index = 0"
    " WHERE g.mode = 'daily' AND g.puzzle_number = ?1 AND g.source = 'server'"
    "  AND g.status = 'finished' AND g.correct_count > 0"
    " GROUP BY r.teams_revealed ORDER BY r.teams_revealed";

// Served by the games_server_status_finished_at index: a range count, no table scan.
constexpr const char* kFinishedCount =
    "SELECT count(*) FROM games g"
    " WHERE g.source = 'server' AND g.status = 'finished' AND g.finished_at >= ?1";

}  // namespace

Statement& BoardQueries::prepared(Statement& s, const char* sql) {
  if (!s) s = conn_.prepare(sql);
  return s;
}

std::optional<StoredGameState> BoardQueries::load_game_state(const std::string& session_id) {
  Statement& s = prepared(game_state_, kGameState);
  ResetOnExit reset(s);
  s.bind(1, session_id);
  if (!s.step()) return std::nullopt;
  StoredGameState g;
  g.game_id = s.column_int64(0);
  g.session_id = s.column_text(1);
  g.player_id = s.column_text(2);
  g.player_name = s.column_text(3);
  g.status = s.column_text(4);
  g.state_json = s.column_text(5);
  g.version = static_cast<int>(s.column_int64(6));
  return g;
}

std::vector<LeaderboardRow> BoardQueries::leaderboard(const LeaderboardQuery& query) {
  Statement& s = prepared(leaderboard_, kLeaderboard);
  ResetOnExit reset(s);
  s.bind(1, query.since_ms);
  s.bind(2, query.mode);
  // A negative LIMIT means "no limit" to SQLite; a caller's negative means nothing.
  s.bind(3, std::max(query.limit, 0));
  s.bind(4, std::max(query.offset, 0));
  std::vector<LeaderboardRow> out;
  while (s.step()) {
    LeaderboardRow r;
    r.player_id = s.column_text(0);
    r.name = s.column_text(1);
    r.score = s.column_int64(2);
    r.games = static_cast<int>(s.column_int64(3));
    r.best_time_seconds = s.column_optional_int(4);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<int> BoardQueries::solved_daily_numbers(const std::string& player_id) {
  Statement& s = prepared(solved_, kSolvedDaily);
  ResetOnExit reset(s);
  s.bind(1, player_id);
  std::vector<int> out;
  while (s.step()) out.push_back(static_cast<int>(s.column_int64(0)));
  return out;
}

std::vector<HistoryRow> BoardQueries::player_history(const std::string& player_id, int limit) {
  Statement& s = prepared(history_, kHistory);
  ResetOnExit reset(s);
  s.bind(1, player_id);
  s.bind(2, std::max(0, limit));
  std::vector<HistoryRow> out;
  while (s.step()) {
    HistoryRow r;
    r.game_id = s.column_text(0);
    r.mode = s.column_text(1);
    r.score = static_cast<int>(s.column_int64(2));
    r.solved = s.column_optional_int(3);
    r.duration_seconds = s.column_optional_int(4);
    r.puzzle_number = s.column_optional_int(5);
    r.finished_at_ms = s.column_int64(6);
    out.push_back(std::move(r));
  }
  return out;
}

DailyStats BoardQueries::daily_stats(int puzzle_number) {
  DailyStats stats;
  // One read transaction, so the counts and the histogram describe the same moment.
  ReadSnapshot snapshot(conn_);
  {
    Statement& s = prepared(daily_counts_, kDailyCounts);
    ResetOnExit reset(s);
    s.bind(1, puzzle_number);
    if (s.step()) {
      stats.players = static_cast<int>(s.column_int64(0));
      stats.solved = static_cast<int>(s.column_int64(1));
    }
  }
  {
    Statement& s = prepared(daily_teams_, kDailyTeams);
    ResetOnExit reset(s);
    s.bind(1, puzzle_number);
    while (s.step()) {
      stats.solved_by_teams.emplace_back(static_cast<int>(s.column_int64(0)),
                                         static_cast<int>(s.column_int64(1)));
    }
  }
  snapshot.commit();
  return stats;
}

std::int64_t BoardQueries::count_finished_games(std::int64_t since_ms) {
  Statement& s = prepared(finished_count_, kFinishedCount);
  ResetOnExit reset(s);
  s.bind(1, since_ms);
  return s.step() ? s.column_int64(0) : 0;
}

}  // namespace jm::store::sqlite
