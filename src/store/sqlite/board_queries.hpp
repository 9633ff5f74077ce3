#pragma once
// Reads of server-judged games on one read connection: a game's stored state, and the
// aggregates behind the public pages (leaderboard, solved dailies, per-puzzle stats).
// Only finished games with source 'server' count: client-reported results are not
// trusted for rankings. Statements are prepared on first use.
#include <optional>
#include <string>
#include <vector>

#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"

namespace jm::store::sqlite {

class BoardQueries {
 public:
  explicit BoardQueries(Connection& conn) : conn_(conn) {}

  std::optional<StoredGameState> load_game_state(const std::string& session_id);
  std::vector<LeaderboardRow> leaderboard(const LeaderboardQuery& query);
  std::vector<int> solved_daily_numbers(const std::string& player_id);
  std::vector<HistoryRow> player_history(const std::string& player_id, int limit);
  DailyStats daily_stats(int puzzle_number);
  std::int64_t count_finished_games(std::int64_t since_ms);

 private:
  Statement& prepared(Statement& s, const char* sql);

  Connection& conn_;
  Statement game_state_;
  Statement leaderboard_;
  Statement solved_;
  Statement history_;
  Statement daily_counts_;
  Statement daily_teams_;
  Statement finished_count_;
};

}  // namespace jm::store::sqlite
