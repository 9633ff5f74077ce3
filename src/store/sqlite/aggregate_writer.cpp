#include "store/sqlite/aggregate_writer.hpp"

#include "store/aggregate_sql.hpp"

namespace jm::store::sqlite {
namespace {

constexpr const char* kUpsertDaily =
    "INSERT INTO agg_daily(day, mode, started, finished, solved, correct_sum, guess_sum,"
    " duration_sum, duration_count, shares) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
    " ON CONFLICT(day, mode) DO UPDATE SET started = started + excluded.started,"
    "  finished = finished + excluded.finished, solved = solved + excluded.solved,"
    "  correct_sum = correct_sum + excluded.correct_sum,"
    "  guess_sum = guess_sum + excluded.guess_sum,"
    "  duration_sum = duration_sum + excluded.duration_sum,"
    "  duration_count = duration_count + excluded.duration_count,"
    "  shares = shares + excluded.shares";

constexpr const char* kUpsertDuration =
    "INSERT INTO agg_daily_duration(day, mode, bucket, games) VALUES(?1, ?2, ?3, ?4)"
    " ON CONFLICT(day, mode, bucket) DO UPDATE SET games = games + excluded.games";

constexpr const char* kInsertMember =
    "INSERT INTO agg_month_players(game_type, month, user_id) VALUES(?1, ?2, ?3)"
    " ON CONFLICT DO NOTHING";

constexpr const char* kUpsertMonthly =
    "INSERT INTO agg_monthly(game_type, month, games, players) VALUES(?1, ?2, 1, ?3)"
    " ON CONFLICT(game_type, month) DO UPDATE SET games = games + 1,"
    "  players = players + excluded.players";

constexpr const char* kUpsertCareer =
    "INSERT INTO agg_careers(nfl_player_id, shown, solved, guess_sum, teams_solved_sum)"
    " VALUES(?1, ?2, ?3, ?4, ?5)"
    " ON CONFLICT(nfl_player_id) DO UPDATE SET shown = shown + excluded.shown,"
    "  solved = solved + excluded.solved, guess_sum = guess_sum + excluded.guess_sum,"
    "  teams_solved_sum = teams_solved_sum + excluded.teams_solved_sum";

}  // namespace

void AggregateWriter::daily(const aggregates::DailyDelta& d) {
  Statement& s = prepare_once(conn_, daily_, kUpsertDaily);
  s.bind(1, d.day);
  s.bind(2, d.mode);
  s.bind(3, d.started);
  s.bind(4, d.finished);
  s.bind(5, d.solved);
  s.bind(6, d.correct_sum);
  s.bind(7, d.guess_sum);
  s.bind(8, d.duration_sum);
  s.bind(9, d.duration_count);
  s.bind(10, d.shares);
  s.run();
}

void AggregateWriter::duration(std::int64_t day, const std::string& mode, int bucket, int games) {
  Statement& s = prepare_once(conn_, duration_, kUpsertDuration);
  s.bind(1, day);
  s.bind(2, mode);
  s.bind(3, bucket);
  s.bind(4, games);
  s.run();
}

void AggregateWriter::month_game(const std::string& game_type, const std::string& month,
                                 std::optional<std::int64_t> user_id) {
  bool new_player = false;
  if (user_id) {
    Statement& s = prepare_once(conn_, member_, kInsertMember);
    s.bind(1, game_type);
    s.bind(2, month);
    s.bind(3, *user_id);
    s.run();
    new_player = conn_.changes() > 0;
  }
  Statement& s = prepare_once(conn_, monthly_, kUpsertMonthly);
  s.bind(1, game_type);
  s.bind(2, month);
  s.bind(3, new_player ? 1 : 0);
  s.run();
}

void AggregateWriter::career(const aggregates::CareerDelta& d) {
  Statement& s = prepare_once(conn_, career_, kUpsertCareer);
  s.bind(1, d.career_id);
  s.bind(2, d.shown);
  s.bind(3, d.solved);
  s.bind(4, d.guess_sum);
  s.bind(5, d.teams_solved_sum);
  s.run();
}

AggregateRebuildReport AggregateWriter::rebuild() {
  for (const auto& sql : aggregates::rebuild_statements(aggregates::Dialect::sqlite)) {
    conn_.exec(sql);
  }
  Statement s = conn_.prepare(aggregates::kCountAggregateRows);
  if (!s.step()) throw SqliteError(SQLITE_INTERNAL, "aggregate row counts returned no row");
  return {s.column_int64(0), s.column_int64(1), s.column_int64(2), s.column_int64(3),
          s.column_int64(4)};
}

}  // namespace jm::store::sqlite
