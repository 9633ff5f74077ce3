#pragma once
// How each game write moves the analytics aggregates (migration 004), written once for
// both dialects: the writers report what happened to an AggregateSink, which turns each
// change into one upsert per table. rebuild_aggregates (aggregate_sql.hpp)
// computes the same numbers from raw rows; the store tests hold the two to agreement.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace jm::store::aggregates {

// "YYYY-MM" of the UTC month holding `ms`.
std::string month_of(std::int64_t ms);

// A change to one agg_daily row.
struct DailyDelta {
  std::int64_t day = 0;
  std::string mode;
  std::int64_t started = 0, finished = 0, solved = 0, correct_sum = 0, guess_sum = 0;
  std::int64_t duration_sum = 0, duration_count = 0, shares = 0;
  bool empty() const;
  DailyDelta& operator+=(const DailyDelta& other);  // the counts; the key stays
};

// A change to one agg_careers row.
struct CareerDelta {
  std::int64_t career_id = 0;
  std::int64_t shown = 0, solved = 0, guess_sum = 0, teams_solved_sum = 0;
  bool empty() const {
    return shown == 0 && solved == 0 && guess_sum == 0 && teams_solved_sum == 0;
  }
  CareerDelta& operator+=(const CareerDelta& other);  // the counts; the key stays
};

class AggregateSink {
 public:
  virtual ~AggregateSink() = default;
  virtual void daily(const DailyDelta& delta) = 0;
  virtual void duration(std::int64_t day, const std::string& mode, int bucket, int games) = 0;
  // A finished game of `game_type` in `month`; the player counts once per month (an
  // erased player has no user id and counts as a game only).
  virtual void month_game(const std::string& game_type, const std::string& month,
                          std::optional<std::int64_t> user_id) = 0;
  // `games` finished games of one type and month by these distinct players (the rest of
  // the games had none). The default makes one month_game call per game.
  virtual void month_games(const std::string& game_type, const std::string& month,
                           std::int64_t games, const std::vector<std::int64_t>& user_ids);
  virtual void career(const CareerDelta& delta) = 0;
};

// The result columns of a game, as stored.
struct ResultFacts {
  std::optional<int> correct_count, duration_seconds;
  int guess_count = 0;
  bool shared = false;
};

// A games row as it was before an update (what the version bump returns).
struct PriorGame {
  bool finished = false;
  std::string mode, game_type;
  std::optional<std::int64_t> user_id;
  std::optional<std::int64_t> finished_at_ms;
  ResultFacts result;
};

// A game_rounds row.
struct RoundFacts {
  std::int64_t career_id = 0;
  bool solved = false;
  int guess_count = 0, teams_revealed = 0;
};

ResultFacts result_of(const NewGame& game);

// A client-reported game: started and finished at `created_ms` at once.
void client_game_saved(AggregateSink& sink, const NewGame& game, std::int64_t created_ms,
                       std::int64_t user_id);
// A server game created at `created_ms`: started only.
void server_game_started(AggregateSink& sink, const std::string& mode, std::int64_t created_ms);
// update_game_state wrote `result` at `now_ms` over `prior` (first finish, or a re-finish
// such as marking a finished game shared: then only the difference moves).
void server_game_finished(AggregateSink& sink, const PriorGame& prior, const NewGame& result,
                          std::int64_t now_ms);
// A round row written over `prior` (nullopt: a new round).
void round_written(AggregateSink& sink, const std::optional<RoundFacts>& prior,
                   const RoundFacts& now);

}  // namespace jm::store::aggregates
