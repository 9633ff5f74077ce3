#include "store/postgres/pg_aggregates.hpp"

#include <array>
#include <string>
#include <vector>

#include "store/aggregate_sql.hpp"

namespace jm::store::postgres {
namespace {

// Every aggregate move of a batch in one statement: each table's rows arrive as one array
// per column, one element per key. Keys are unique per table (BatchTotals summed them), as
// ON CONFLICT DO UPDATE requires, and in key order, so concurrent writers lock the rows in
// the same order. Data-modifying CTEs all run to completion whether read or not.
// $1..$10 agg_daily, $11..$14 agg_daily_duration, $15..$19 agg_careers,
// $20..$22 agg_month_players (game type, month, player), $23..$25 agg_monthly (game type,
// month, games): a player counts once per month, so the monthly player count grows by the
// membership rows that are new.
const Sql kUpsertAggregates{
    "jm_upsert_aggregates",
    "WITH daily AS (INSERT INTO agg_daily(day, mode, started, finished, solved, correct_sum,"
    "  guess_sum, duration_sum, duration_count, shares)"
    "  SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::int[], $5::int[],"
    "   $6::bigint[], $7::bigint[], $8::bigint[], $9::int[], $10::int[])"
    "  ON CONFLICT (day, mode) DO UPDATE SET started = agg_daily.started + excluded.started,"
    "   finished = agg_daily.finished + excluded.finished,"
    "   solved = agg_daily.solved + excluded.solved,"
    "   correct_sum = agg_daily.correct_sum + excluded.correct_sum,"
    "   guess_sum = agg_daily.guess_sum + excluded.guess_sum,"
    "   duration_sum = agg_daily.duration_sum + excluded.duration_sum,"
    "   duration_count = agg_daily.duration_count + excluded.duration_count,"
    "   shares = agg_daily.shares + excluded.shares),"
    " durations AS (INSERT INTO agg_daily_duration(day, mode, bucket, games)"
    "  SELECT * FROM unnest($11::bigint[], $12::text[], $13::int[], $14::int[])"
    "  ON CONFLICT (day, mode, bucket) DO UPDATE SET"
    "   games = agg_daily_duration.games + excluded.games),"
    " careers AS (INSERT INTO agg_careers(nfl_player_id, shown, solved, guess_sum,"
    "  teams_solved_sum)"
    "  SELECT * FROM unnest($15::bigint[], $16::int[], $17::int[], $18::bigint[],"
    "   $19::bigint[])"
    "  ON CONFLICT (nfl_player_id) DO UPDATE SET shown = agg_careers.shown + excluded.shown,"
    "   solved = agg_careers.solved + excluded.solved,"
    "   guess_sum = agg_careers.guess_sum + excluded.guess_sum,"
    "   teams_solved_sum = agg_careers.teams_solved_sum + excluded.teams_solved_sum),"
    " members AS (INSERT INTO agg_month_players(game_type, month, user_id)"
    "  SELECT * FROM unnest($20::text[], $21::text[], $22::bigint[])"
    "  ON CONFLICT DO NOTHING RETURNING game_type, month),"
    " months AS (INSERT INTO agg_monthly(game_type, month, games, players)"
    "  SELECT m.game_type, m.month, m.games, (SELECT count(*) FROM members p"
    "   WHERE p.game_type = m.game_type AND p.month = m.month)"
    "  FROM unnest($23::text[], $24::text[], $25::int[]) AS m(game_type, month, games)"
    "  ON CONFLICT (game_type, month) DO UPDATE SET"
    "   games = agg_monthly.games + excluded.games,"
    "   players = agg_monthly.players + excluded.players)"
    " SELECT 1"};

// Turns summed moves into kUpsertAggregates' columns.
class Columns final : public aggregates::AggregateSink {
 public:
  static constexpr int kCount = 25;

  void daily(const aggregates::DailyDelta& d) override {
    row(0, d.day, d.mode, d.started, d.finished, d.solved, d.correct_sum, d.guess_sum,
        d.duration_sum, d.duration_count, d.shares);
  }
  void duration(std::int64_t day, const std::string& mode, int bucket, int games) override {
    row(10, day, mode, bucket, games);
  }
  void career(const aggregates::CareerDelta& d) override {
    row(14, d.career_id, d.shown, d.solved, d.guess_sum, d.teams_solved_sum);
  }
  void month_games(const std::string& game_type, const std::string& month, std::int64_t games,
                   const std::vector<std::int64_t>& user_ids) override {
    for (const std::int64_t user : user_ids) row(19, game_type, month, user);
    row(22, game_type, month, games);
  }
  void month_game(const std::string& game_type, const std::string& month,
                  std::optional<std::int64_t> user_id) override {
    month_games(game_type, month, 1,
                user_id ? std::vector<std::int64_t>{*user_id} : std::vector<std::int64_t>{});
  }

  Params params() const {
    Params out;
    for (const auto& column : columns_) out.add(array_literal(column));
    return out;
  }

 private:
  static std::string text(const std::string& v) { return v; }
  template <typename Int>
  static std::string text(Int v) {
    return std::to_string(v);
  }
  // Appends one element to each of the columns from `first` on.
  template <typename... Values>
  void row(int first, const Values&... values) {
    int col = first;
    (columns_[static_cast<std::size_t>(col++)].emplace_back(text(values)), ...);
  }

  std::array<std::vector<std::optional<std::string>>, kCount> columns_;
};

Params statement_params(const aggregates::BatchTotals& totals) {
  Columns columns;
  totals.flush_to(columns);
  return columns.params();
}

}  // namespace

void AggregateSink::write() {
  if (totals_.empty()) return;
  conn_.run(kUpsertAggregates, statement_params(totals_));
  totals_.clear();
}

bool AggregateSink::queue() {
  if (totals_.empty()) return false;
  conn_.pipeline_send(kUpsertAggregates, statement_params(totals_));
  totals_.clear();
  return true;
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
