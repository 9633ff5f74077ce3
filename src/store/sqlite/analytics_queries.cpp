#include "store/sqlite/analytics_queries.hpp"

#include <map>
#include <string>
#include <utility>

#include "store/aggregate_sql.hpp"
#include "util/civil_time.hpp"

namespace jm::store::sqlite {
namespace {

constexpr const char* kDaily =
    "SELECT day, mode, started, finished, solved, correct_sum, guess_sum, duration_sum,"
    " duration_count, shares FROM agg_daily"
    " WHERE day BETWEEN ?1 AND ?2 AND (?3 = '' OR mode = ?3) ORDER BY day, mode";

constexpr const char* kHistogram =
    "SELECT day, mode, bucket, games FROM agg_daily_duration"
    " WHERE day BETWEEN ?1 AND ?2 AND (?3 = '' OR mode = ?3)";

// Raw games through games_finished_at: distinct players cannot be summed from days.
constexpr const char* kPlayers =
    "SELECT count(DISTINCT user_id) FROM games"
    " WHERE finished_at >= ?1 AND finished_at < ?2 AND status = 'finished'"
    "  AND (?3 = '' OR mode = ?3)";

constexpr const char* kMonthly =
    "SELECT game_type, month, games, players FROM agg_monthly ORDER BY game_type, month";

constexpr const char* kCareerTotal = "SELECT count(*) FROM agg_careers WHERE shown >= ?1";

constexpr const char* kCareerPage =
    "SELECT a.nfl_player_id, p.name,"
    " (SELECT count(*) FROM stints s WHERE s.nfl_player_id = a.nfl_player_id),"
    " a.shown, a.solved, a.guess_sum, a.teams_solved_sum"
    " FROM agg_careers a JOIN nfl_players p ON p.id = a.nfl_player_id"
    " WHERE a.shown >= ?1";

void bind_days(Statement& s, const DailyQuery& q) {
  s.bind(1, q.from_day);
  s.bind(2, q.to_day);
  s.bind(3, q.mode);
}

}  // namespace

std::vector<DailyAggregate> AnalyticsQueries::daily(const DailyQuery& query) {
  ReadSnapshot snapshot(conn_);  // rows and histograms from the same commit
  std::vector<DailyAggregate> out;
  std::map<std::pair<std::int64_t, std::string>, std::size_t> index;
  {
    Statement& s = prepare_once(conn_, daily_, kDaily);
    ResetOnExit reset(s);
    bind_days(s, query);
    while (s.step()) {
      DailyAggregate a;
      a.day = s.column_int64(0);
      a.mode = s.column_text(1);
      a.started = s.column_int64(2);
      a.finished = s.column_int64(3);
      a.solved = s.column_int64(4);
      a.correct_sum = s.column_int64(5);
      a.guess_sum = s.column_int64(6);
      a.duration_sum = s.column_int64(7);
      a.duration_count = s.column_int64(8);
      a.shares = s.column_int64(9);
      index[{a.day, a.mode}] = out.size();
      out.push_back(std::move(a));
    }
  }
  Statement& s = prepare_once(conn_, histogram_, kHistogram);
  ResetOnExit reset(s);
  bind_days(s, query);
  while (s.step()) {
    auto it = index.find({s.column_int64(0), s.column_text(1)});
    const auto bucket = s.column_int64(2);
    if (it == index.end() || bucket < 0 || bucket >= kDurationBuckets) continue;
    out[it->second].duration_buckets[static_cast<std::size_t>(bucket)] = s.column_int64(3);
  }
  snapshot.commit();
  return out;
}

std::int64_t AnalyticsQueries::active_players(const DailyQuery& query) {
  Statement& s = prepare_once(conn_, players_, kPlayers);
  ResetOnExit reset(s);
  s.bind(1, query.from_day * kMsPerDay);
  s.bind(2, (query.to_day + 1) * kMsPerDay);
  s.bind(3, query.mode);
  return s.step() ? s.column_int64(0) : 0;
}

std::vector<MonthlyAggregate> AnalyticsQueries::monthly() {
  Statement& s = prepare_once(conn_, monthly_, kMonthly);
  ResetOnExit reset(s);
  std::vector<MonthlyAggregate> out;
  while (s.step()) {
    out.push_back({s.column_text(0), s.column_text(1), s.column_int64(2), s.column_int64(3)});
  }
  return out;
}

CareerPage AnalyticsQueries::careers(const CareerQuery& query) {
  const int min_shown = query.min_shown < 1 ? 1 : query.min_shown;
  ReadSnapshot snapshot(conn_);
  CareerPage page;
  {
    Statement& s = prepare_once(conn_, career_total_, kCareerTotal);
    ResetOnExit reset(s);
    s.bind(1, min_shown);
    page.total = s.step() ? s.column_int64(0) : 0;
  }
  // Three orders, so the statement is prepared per call (an analyst read, not a hot path).
  Statement s = conn_.prepare(std::string(kCareerPage) + aggregates::career_order_by(query.sort) +
                              " LIMIT ?2 OFFSET ?3");
  s.bind(1, min_shown);
  s.bind(2, query.limit);
  s.bind(3, query.offset);
  while (s.step()) {
    CareerAggregate c;
    c.nfl_player_id = s.column_int64(0);
    c.name = s.column_text(1);
    c.teams = static_cast<int>(s.column_int64(2));
    c.shown = s.column_int64(3);
    c.solved = s.column_int64(4);
    c.guess_sum = s.column_int64(5);
    c.teams_solved_sum = s.column_int64(6);
    page.items.push_back(std::move(c));
  }
  snapshot.commit();
  return page;
}

}  // namespace jm::store::sqlite
