#include "store/postgres/pg_aggregates.hpp"

#include "store/aggregate_sql.hpp"

namespace jm::store::postgres {
namespace {

const Sql kUpsertDaily{
    "jm_agg_daily",
    "INSERT INTO agg_daily(day, mode, started, finished, solved, correct_sum, guess_sum,"
    " duration_sum, duration_count, shares)"
    " VALUES($1::bigint, $2::text, $3::int, $4::int, $5::int, $6::bigint, $7::bigint,"
    "  $8::bigint, $9::int, $10::int)"
    " ON CONFLICT (day, mode) DO UPDATE SET started = agg_daily.started + excluded.started,"
    "  finished = agg_daily.finished + excluded.finished,"
    "  solved = agg_daily.solved + excluded.solved,"
    "  correct_sum = agg_daily.correct_sum + excluded.correct_sum,"
    "  guess_sum = agg_daily.guess_sum + excluded.guess_sum,"
    "  duration_sum = agg_daily.duration_sum + excluded.duration_sum,"
    "  duration_count = agg_daily.duration_count + excluded.duration_count,"
    "  shares = agg_daily.shares + excluded.shares"};

const Sql kUpsertDuration{"jm_agg_duration",
                          "INSERT INTO agg_daily_duration(day, mode, bucket, games)"
                          " VALUES($1::bigint, $2::text, $3::int, $4::int)"
                          " ON CONFLICT (day, mode, bucket) DO UPDATE SET"
                          "  games = agg_daily_duration.games + excluded.games"};

// Membership and count in one statement: games of one type and month with their players as
// an array; a player counts once per month (the membership insert's rows are the new ones).
const Sql kMonthGames{"jm_agg_month_games",
                      "WITH mp AS (INSERT INTO agg_month_players(game_type, month, user_id)"
                      "  SELECT $1::text, $2::text, u FROM unnest($4::bigint[]) AS u"
                      "  ON CONFLICT DO NOTHING RETURNING 1)"
                      " INSERT INTO agg_monthly(game_type, month, games, players)"
                      " SELECT $1::text, $2::text, $3::int, (SELECT count(*) FROM mp)"
                      " ON CONFLICT (game_type, month) DO UPDATE SET"
                      "  games = agg_monthly.games + excluded.games,"
                      "  players = agg_monthly.players + excluded.players"};

const Sql kUpsertCareer{
    "jm_agg_career",
    "INSERT INTO agg_careers(nfl_player_id, shown, solved, guess_sum, teams_solved_sum)"
    " VALUES($1::bigint, $2::int, $3::int, $4::bigint, $5::bigint)"
    " ON CONFLICT (nfl_player_id) DO UPDATE SET shown = agg_careers.shown + excluded.shown,"
    "  solved = agg_careers.solved + excluded.solved,"
    "  guess_sum = agg_careers.guess_sum + excluded.guess_sum,"
    "  teams_solved_sum = agg_careers.teams_solved_sum + excluded.teams_solved_sum"};

}  // namespace

void AggregateSink::send(const Sql& sql, const Params& params) {
  if (pipelined_) {
    conn_.pipeline_send(sql, params);
    ++queued_;
  } else {
    conn_.run(sql, params);
  }
}

void AggregateSink::daily(const aggregates::DailyDelta& d) {
  send(kUpsertDaily, Params()
                         .add(d.day)
                         .add(d.mode)
                         .add(d.started)
                         .add(d.finished)
                         .add(d.solved)
                         .add(d.correct_sum)
                         .add(d.guess_sum)
                         .add(d.duration_sum)
                         .add(d.duration_count)
                         .add(d.shares));
}

void AggregateSink::duration(std::int64_t day, const std::string& mode, int bucket, int games) {
  send(kUpsertDuration, Params().add(day).add(mode).add(bucket).add(games));
}

void AggregateSink::month_game(const std::string& game_type, const std::string& month,
                               std::optional<std::int64_t> user_id) {
  month_games(game_type, month, 1,
              user_id ? std::vector<std::int64_t>{*user_id} : std::vector<std::int64_t>{});
}

void AggregateSink::month_games(const std::string& game_type, const std::string& month,
                                std::int64_t games, const std::vector<std::int64_t>& user_ids) {
  std::vector<std::optional<std::string>> users;
  users.reserve(user_ids.size());
  for (const std::int64_t id : user_ids) users.emplace_back(std::to_string(id));
  send(kMonthGames, Params().add(game_type).add(month).add(games).add(array_literal(users)));
}

void AggregateSink::career(const aggregates::CareerDelta& d) {
  send(kUpsertCareer, Params()
                          .add(d.career_id)
                          .add(d.shown)
                          .add(d.solved)
                          .add(d.guess_sum)
                          .add(d.teams_solved_sum));
}

AggregateRebuildReport rebuild_aggregates(Connection& conn) {
  // Taken first, so no game write (of this or another instance) interleaves with the
  // recount; writers wait for the rebuild's COMMIT and then add to the rebuilt rows.
  conn.exec(
      "LOCK TABLE agg_daily, agg_daily_duration, agg_month_players, agg_monthly, agg_careers"
      " IN EXCLUSIVE MODE");
  for (const auto& sql : aggregates::rebuild_statements(aggregates::Dialect::postgres)) {
    conn.exec(sql);
  }
  static const Sql kCounts{"jm_agg_counts", aggregates::kCountAggregateRows};
  const Result r = conn.run(kCounts);
  return {r.int64(0, 0), r.int64(0, 1), r.int64(0, 2), r.int64(0, 3), r.int64(0, 4)};
}

}  // namespace jm::store::postgres
