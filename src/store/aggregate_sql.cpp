#include "store/aggregate_sql.hpp"

#include "store/analytics_types.hpp"

namespace jm::store::aggregates {
namespace {

// duration_bucket() in SQL, from the same bounds.
std::string bucket_case(const std::string& column) {
  std::string sql = "CASE";
  for (std::size_t i = 0; i < kDurationBucketUpper.size(); ++i) {
    sql += " WHEN " + column + " <= " + std::to_string(kDurationBucketUpper[i]) + " THEN " +
           std::to_string(i);
  }
  return sql + " ELSE " + std::to_string(kDurationBucketUpper.size()) + " END";
}

std::string month_expr(Dialect dialect) {
  return dialect == Dialect::sqlite
             ? "strftime('%Y-%m', finished_at / 1000, 'unixepoch')"
             : "to_char(to_timestamp(finished_at / 1000) AT TIME ZONE 'UTC', 'YYYY-MM')";
}

constexpr const char* kFinished =
    " FROM games WHERE status = 'finished' AND finished_at IS NOT NULL";

}  // namespace

std::vector<std::string> rebuild_statements(Dialect dialect) {
  const std::string month = month_expr(dialect);
  return {
      "DELETE FROM agg_daily",
      "DELETE FROM agg_daily_duration",
      "DELETE FROM agg_month_players",
      "DELETE FROM agg_monthly",
      "DELETE FROM agg_careers",
      // started by the creation day; the rest by the finishing day.
      "INSERT INTO agg_daily(day, mode, started, finished, solved, correct_sum, guess_sum,"
      " duration_sum, duration_count, shares)"
      " SELECT day, mode, sum(started), sum(finished), sum(solved), sum(correct), sum(guesses),"
      "  sum(dsum), sum(dcount), sum(shares)"
      " FROM (SELECT created_at / 86400000 AS day, mode, 1 AS started, 0 AS finished,"
      "   0 AS solved, 0 AS correct, 0 AS guesses, 0 AS dsum, 0 AS dcount, 0 AS shares"
      "   FROM games"
      "  UNION ALL"
      "  SELECT finished_at / 86400000, mode, 0, 1,"
      "   CASE WHEN coalesce(correct_count, 0) > 0 THEN 1 ELSE 0 END, coalesce(correct_count, 0),"
      "   guess_count, coalesce(duration_seconds, 0),"
      "   CASE WHEN duration_seconds IS NULL THEN 0 ELSE 1 END, shared_on_social" +
          std::string(kFinished) + ") AS g GROUP BY day, mode",
      "INSERT INTO agg_daily_duration(day, mode, bucket, games)"
      " SELECT finished_at / 86400000, mode, " +
          bucket_case("duration_seconds") + ", count(*)" + kFinished +
          " AND duration_seconds IS NOT NULL GROUP BY 1, 2, 3",
      "INSERT INTO agg_month_players(game_type, month, user_id)"
      " SELECT DISTINCT game_type, " +
          month + ", user_id" + kFinished + " AND user_id IS NOT NULL",
      // Games of erased players count; they no longer count as distinct players.
      "INSERT INTO agg_monthly(game_type, month, games, players)"
      " SELECT game_type, " +
          month + ", count(*), count(DISTINCT user_id)" + kFinished + " GROUP BY 1, 2",
      "INSERT INTO agg_careers(nfl_player_id, shown, solved, guess_sum, teams_solved_sum)"
      " SELECT nfl_player_id, count(*), sum(CASE WHEN status = 'solved' THEN 1 ELSE 0 END),"
      "  sum(guess_count), sum(CASE WHEN status = 'solved' THEN teams_revealed ELSE 0 END)"
      " FROM game_rounds GROUP BY nfl_player_id",
  };
}

const char* career_order_by(CareerSort sort) {
  switch (sort) {
    case CareerSort::most_shown:
      return " ORDER BY a.shown DESC, a.solved * 1.0 / a.shown ASC, a.nfl_player_id";
    case CareerSort::easiest:
      return " ORDER BY a.solved * 1.0 / a.shown DESC, a.shown DESC, a.nfl_player_id";
    case CareerSort::hardest:
      break;
  }
  return " ORDER BY a.solved * 1.0 / a.shown ASC, a.shown DESC, a.nfl_player_id";
}

}  // namespace jm::store::aggregates
