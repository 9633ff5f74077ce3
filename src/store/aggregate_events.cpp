#include "store/aggregate_events.hpp"

#include <cstdio>

#include "util/civil_time.hpp"

namespace jm::store::aggregates {
namespace {

// The finished-side contribution of a result to its day's row, times `sign`.
void add_result(DailyDelta& d, const ResultFacts& r, int sign) {
  const int correct = r.correct_count.value_or(0);
  d.finished += sign;
  d.solved += correct > 0 ? sign : 0;
  d.correct_sum += sign * correct;
  d.guess_sum += sign * r.guess_count;
  if (r.duration_seconds) {
    d.duration_sum += sign * *r.duration_seconds;
    d.duration_count += sign;
  }
  d.shares += r.shared ? sign : 0;
}

CareerDelta contribution(const RoundFacts& r, int sign) {
  CareerDelta d;
  d.career_id = r.career_id;
  d.shown = sign;
  d.solved = r.solved ? sign : 0;
  d.guess_sum = sign * r.guess_count;
  d.teams_solved_sum = r.solved ? sign * r.teams_revealed : 0;
  return d;
}

}  // namespace

std::string month_of(std::int64_t ms) {
  const CivilDate date = civil_from_days(day_of(ms));
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u", date.year, date.month);
  return buf;
}

void AggregateSink::month_games(const std::string& game_type, const std::string& month,
                                std::int64_t games, const std::vector<std::int64_t>& user_ids) {
  for (const std::int64_t user : user_ids) month_game(game_type, month, user);
  for (auto rest = games - static_cast<std::int64_t>(user_ids.size()); rest > 0; --rest) {
    month_game(game_type, month, std::nullopt);
  }
}

DailyDelta& DailyDelta::operator+=(const DailyDelta& o) {
  started += o.started;
  finished += o.finished;
  solved += o.solved;
  correct_sum += o.correct_sum;
  guess_sum += o.guess_sum;
  duration_sum += o.duration_sum;
  duration_count += o.duration_count;
  shares += o.shares;
  return *this;
}

CareerDelta& CareerDelta::operator+=(const CareerDelta& o) {
  shown += o.shown;
  solved += o.solved;
  guess_sum += o.guess_sum;
  teams_solved_sum += o.teams_solved_sum;
  return *this;
}

bool DailyDelta::empty() const {
  return started == 0 && finished == 0 && solved == 0 && correct_sum == 0 && guess_sum == 0 &&
         duration_sum == 0 && duration_count == 0 && shares == 0;
}

ResultFacts result_of(const NewGame& game) {
  return {game.correct_count, game.duration_seconds, game.guess_count, game.shared_on_social};
}

void client_game_saved(AggregateSink& sink, const NewGame& game, std::int64_t created_ms,
                       std::int64_t user_id) {
  const ResultFacts result = result_of(game);
  DailyDelta d{day_of(created_ms), game.mode};
  d.started = 1;
  add_result(d, result, 1);
  sink.daily(d);
  if (result.duration_seconds) {
    sink.duration(d.day, d.mode, duration_bucket(*result.duration_seconds), 1);
  }
  sink.month_game(game.game_type, month_of(created_ms), user_id);
}

void server_game_started(AggregateSink& sink, const std::string& mode, std::int64_t created_ms) {
  DailyDelta d{day_of(created_ms), mode};
  d.started = 1;
  sink.daily(d);
}

void server_game_finished(AggregateSink& sink, const PriorGame& prior, const NewGame& result,
                          std::int64_t now_ms) {
  ResultFacts now = result_of(result);
  if (!prior.finished) {
    DailyDelta d{day_of(now_ms), prior.mode};
    add_result(d, now, 1);
    sink.daily(d);
    if (now.duration_seconds)
      sink.duration(d.day, d.mode, duration_bucket(*now.duration_seconds), 1);
    sink.month_game(prior.game_type, month_of(now_ms), prior.user_id);
    return;
  }
  // A finished game keeps its finished_at, and shared_on_social only ever goes up.
  now.shared = now.shared || prior.result.shared;
  DailyDelta d{day_of(prior.finished_at_ms.value_or(now_ms)), prior.mode};
  add_result(d, now, 1);
  add_result(d, prior.result, -1);
  if (!d.empty()) sink.daily(d);
  const auto& before = prior.result.duration_seconds;
  const auto& after = now.duration_seconds;
  const std::optional<int> old_bucket =
      before ? std::optional(duration_bucket(*before)) : std::nullopt;
  const std::optional<int> new_bucket =
      after ? std::optional(duration_bucket(*after)) : std::nullopt;
  if (old_bucket != new_bucket) {
    if (old_bucket) sink.duration(d.day, d.mode, *old_bucket, -1);
    if (new_bucket) sink.duration(d.day, d.mode, *new_bucket, 1);
  }
}

void round_written(AggregateSink& sink, const std::optional<RoundFacts>& prior,
                   const RoundFacts& now) {
  CareerDelta d = contribution(now, 1);
  if (prior && prior->career_id == now.career_id) {
    d += contribution(*prior, -1);
  } else if (prior) {
    sink.career(contribution(*prior, -1));  // the round now shows another career
  }
  if (!d.empty()) sink.career(d);
}

}  // namespace jm::store::aggregates
