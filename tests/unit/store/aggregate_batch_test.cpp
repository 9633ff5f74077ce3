// BatchTotals: a group-commit batch's aggregate moves summed per key and handed on once
// per key, in key order (the fixed lock order concurrent PostgreSQL writers rely on).
#include "store/aggregate_batch.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace jm::store::aggregates {
namespace {

// Records every call as one line, in call order.
class Recorder final : public AggregateSink {
 public:
  std::vector<std::string> calls;
  void daily(const DailyDelta& d) override {
    calls.push_back(
        "daily " + std::to_string(d.day) + " " + d.mode + " started=" + std::to_string(d.started) +
        " finished=" + std::to_string(d.finished) + " solved=" + std::to_string(d.solved) +
        " correct=" + std::to_string(d.correct_sum) + " guesses=" + std::to_string(d.guess_sum) +
        " dsum=" + std::to_string(d.duration_sum) + " dcount=" + std::to_string(d.duration_count) +
        " shares=" + std::to_string(d.shares));
  }
  void duration(std::int64_t day, const std::string& mode, int bucket, int games) override {
    calls.push_back("duration " + std::to_string(day) + " " + mode + " " + std::to_string(bucket) +
                    " " + std::to_string(games));
  }
  void month_game(const std::string& type, const std::string& month,
                  std::optional<std::int64_t> user) override {
    calls.push_back("month " + type + " " + month + " " +
                    (user ? std::to_string(*user) : std::string("-")));
  }
  void career(const CareerDelta& d) override {
    calls.push_back("career " + std::to_string(d.career_id) + " " + std::to_string(d.shown) + " " +
                    std::to_string(d.solved) + " " + std::to_string(d.guess_sum) + " " +
                    std::to_string(d.teams_solved_sum));
  }
};

NewGame game(const std::string& mode, std::optional<int> correct, std::optional<int> seconds,
             int guesses, bool shared) {
  NewGame g;
  g.game_type = "journeyman";
  g.mode = mode;
  g.correct_count = correct;
  g.duration_seconds = seconds;
  g.guess_count = guesses;
  g.shared_on_social = shared;
  return g;
}

constexpr std::int64_t kDay = 20'000;  // 2024-10-04
constexpr std::int64_t kMs = kDay * 86'400'000;

TEST(AggregateBatch, SumsPerKeyAndFlushesOncePerKeyInKeyOrder) {
  BatchTotals totals;
  EXPECT_TRUE(totals.empty());
  // Out of key order on purpose: easy after daily, the next day before this one.
  client_game_saved(totals, game("easy", 2, 32, 4, false), kMs + 1000, 7);
  client_game_saved(totals, game("daily", 0, std::nullopt, 3, true), kMs + 2000, 9);
  client_game_saved(totals, game("easy", 1, 35, 2, true), kMs + 86'400'000, 7);
  client_game_saved(totals, game("easy", 3, 40, 5, false), kMs + 3000, 8);
  server_game_started(totals, "daily", kMs + 4000);
  EXPECT_FALSE(totals.empty());

  Recorder out;
  totals.flush_to(out);
  const std::string d0 = std::to_string(kDay), d1 = std::to_string(kDay + 1);
  const std::vector<std::string> want = {
      "daily " + d0 +
          " daily started=2 finished=1 solved=0 correct=0 guesses=3 dsum=0 dcount=0 shares=1",
      "daily " + d0 +
          " easy started=2 finished=2 solved=2 correct=5 guesses=9 dsum=72 dcount=2 shares=0",
      "daily " + d1 +
          " easy started=1 finished=1 solved=1 correct=1 guesses=2 dsum=35 dcount=1 shares=1",
      "duration " + d0 + " easy " + std::to_string(duration_bucket(32)) + " 2",
      "duration " + d1 + " easy " + std::to_string(duration_bucket(35)) + " 1",
      // The default month_games: one month_game per distinct player, then the rest of the
      // games without one (player 7 played twice this month).
      "month journeyman " + month_of(kMs) + " 7",
      "month journeyman " + month_of(kMs) + " 8",
      "month journeyman " + month_of(kMs) + " 9",
      "month journeyman " + month_of(kMs) + " -",
  };
  EXPECT_EQ(out.calls, want);

  totals.clear();
  EXPECT_TRUE(totals.empty());
  Recorder none;
  totals.flush_to(none);
  EXPECT_TRUE(none.calls.empty());
}

TEST(AggregateBatch, MovesThatCancelOutWriteNothing) {
  BatchTotals totals;
  // A round that shows another career, then the first again: the career deltas cancel.
  round_written(totals, std::nullopt, {11, true, 3, 2});
  round_written(totals, RoundFacts{11, true, 3, 2}, {12, false, 1, 0});
  totals.duration(kDay, "easy", 4, 1);
  totals.duration(kDay, "easy", 4, -1);
  totals.daily(DailyDelta{kDay, "easy"});

  Recorder out;
  totals.flush_to(out);
  EXPECT_EQ(out.calls, std::vector<std::string>({"career 12 1 0 1 0"}));
}

}  // namespace
}  // namespace jm::store::aggregates
