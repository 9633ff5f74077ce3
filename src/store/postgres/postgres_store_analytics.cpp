// PostgresStore: the analytics aggregates. The rebuild is one writer op (its own
// savepoint in the batch transaction); reads tolerate replication lag.
#include <string>
#include <utility>

#include "store/aggregate_sql.hpp"
#include "store/postgres/pg_aggregates.hpp"
#include "store/postgres/pg_function_op.hpp"
#include "store/postgres/pg_store_read.hpp"
#include "util/civil_time.hpp"

namespace jm::store {
namespace {

using postgres::Connection;
using postgres::FunctionOp;
using postgres::one_op;
using postgres::Params;
using postgres::Result;
using postgres::Sql;

// Day rows (bucket -1) and their histogram rows in one statement, so one snapshot.
const Sql kDaily{
    "jm_analytics_daily",
    "SELECT day, mode, -1 AS bucket, started, finished, solved, correct_sum, guess_sum,"
    " duration_sum, duration_count, shares FROM agg_daily"
    " WHERE day BETWEEN $1::bigint AND $2::bigint AND ($3::text = '' OR mode = $3::text)"
    " UNION ALL"
    " SELECT day, mode, bucket, games, 0, 0, 0, 0, 0, 0, 0 FROM agg_daily_duration"
    " WHERE day BETWEEN $1::bigint AND $2::bigint AND ($3::text = '' OR mode = $3::text)"
    " ORDER BY 1, 2, 3"};

// Raw games through games_finished_at: distinct players cannot be summed from days.
const Sql kPlayers{"jm_analytics_players",
                   "SELECT count(DISTINCT user_id) FROM games"
                   " WHERE finished_at >= $1::bigint AND finished_at < $2::bigint"
                   "  AND status = 'finished' AND ($3::text = '' OR mode = $3::text)"};

const Sql kMonthly{"jm_analytics_monthly",
                   "SELECT game_type, month, games, players FROM agg_monthly"
                   " ORDER BY game_type COLLATE \"C\", month"};

const Sql kCareerTotal{"jm_analytics_career_total",
                       "SELECT count(*) FROM agg_careers WHERE shown >= $1::int"};

const std::string kCareerPage =
    "SELECT a.nfl_player_id, p.name,"
    " (SELECT count(*) FROM stints s WHERE s.nfl_player_id = a.nfl_player_id),"
    " a.shown, a.solved, a.guess_sum, a.teams_solved_sum"
    " FROM agg_careers a JOIN nfl_players p ON p.id = a.nfl_player_id"
    " WHERE a.shown >= $1::int";

const Sql& career_page_sql(CareerSort sort) {
  static const std::string texts[] = {
      kCareerPage + aggregates::career_order_by(CareerSort::hardest) + " LIMIT $2 OFFSET $3",
      kCareerPage + aggregates::career_order_by(CareerSort::most_shown) + " LIMIT $2 OFFSET $3",
      kCareerPage + aggregates::career_order_by(CareerSort::easiest) + " LIMIT $2 OFFSET $3"};
  static const Sql sqls[] = {{"jm_analytics_careers_hardest", texts[0].c_str()},
                             {"jm_analytics_careers_most_shown", texts[1].c_str()},
                             {"jm_analytics_careers_easiest", texts[2].c_str()}};
  switch (sort) {
    case CareerSort::most_shown:
      return sqls[1];
    case CareerSort::easiest:
      return sqls[2];
    case CareerSort::hardest:
      break;
  }
  return sqls[0];
}

Params day_params(const DailyQuery& q) {
  return Params().add(q.from_day).add(q.to_day).add(q.mode);
}

}  // namespace

void PostgresStore::rebuild_aggregates(
    std::function<void(AggregateRebuildReport, StoreError)> done) {
  submit(one_op<FunctionOp<AggregateRebuildReport>>(
      [](Connection& c, AggregateRebuildReport& report) {
        report = postgres::rebuild_aggregates(c);
        return StoreError{};
      },
      std::move(done)));
}

std::vector<DailyAggregate> PostgresStore::daily_aggregates(const DailyQuery& query) {
  return read(true, [&](Connection& c) {
    const Result r = c.run(kDaily, day_params(query));
    std::vector<DailyAggregate> out;
    for (int i = 0; i < r.rows(); ++i) {
      const std::int64_t bucket = r.int64(i, 2);
      if (bucket < 0) {
        DailyAggregate a;
        a.day = r.int64(i, 0);
        a.mode = r.text(i, 1);
        a.started = r.int64(i, 3);
        a.finished = r.int64(i, 4);
        a.solved = r.int64(i, 5);
        a.correct_sum = r.int64(i, 6);
        a.guess_sum = r.int64(i, 7);
        a.duration_sum = r.int64(i, 8);
        a.duration_count = r.int64(i, 9);
        a.shares = r.int64(i, 10);
        out.push_back(std::move(a));
      } else if (!out.empty() && out.back().day == r.int64(i, 0) &&
                 out.back().mode == r.text(i, 1) && bucket < kDurationBuckets) {
        // Sorted by (day, mode, bucket): a row's buckets follow it.
        out.back().duration_buckets[static_cast<std::size_t>(bucket)] = r.int64(i, 3);
      }
    }
    return out;
  });
}

std::int64_t PostgresStore::count_active_players(const DailyQuery& query) {
  return read(true, [&](Connection& c) {
    return c
        .run(kPlayers, Params()
                           .add(query.from_day * kMsPerDay)
                           .add((query.to_day + 1) * kMsPerDay)
                           .add(query.mode))
        .int64(0, 0);
  });
}

std::vector<MonthlyAggregate> PostgresStore::monthly_aggregates() {
  return read(true, [](Connection& c) {
    const Result r = c.run(kMonthly);
    std::vector<MonthlyAggregate> out;
    for (int i = 0; i < r.rows(); ++i) {
      out.push_back({r.text(i, 0), r.text(i, 1), r.int64(i, 2), r.int64(i, 3)});
    }
    return out;
  });
}

CareerPage PostgresStore::career_aggregates(const CareerQuery& query) {
  const int min_shown = query.min_shown < 1 ? 1 : query.min_shown;
  return read(true, [&](Connection& c) {
    CareerPage page;
    page.total = c.run(kCareerTotal, Params().add(min_shown)).int64(0, 0);
    const Result r = c.run(career_page_sql(query.sort),
                           Params().add(min_shown).add(query.limit).add(query.offset));
    for (int i = 0; i < r.rows(); ++i) {
      CareerAggregate a;
      a.nfl_player_id = r.int64(i, 0);
      a.name = r.text(i, 1);
      a.teams = r.int32(i, 2);
      a.shown = r.int64(i, 3);
      a.solved = r.int64(i, 4);
      a.guess_sum = r.int64(i, 5);
      a.teams_solved_sum = r.int64(i, 6);
      page.items.push_back(std::move(a));
    }
    return page;
  });
}

}  // namespace jm::store
