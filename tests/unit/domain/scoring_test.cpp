#include <vector>

#include <gtest/gtest.h>

#include "domain/game/scoring.hpp"

namespace jm::domain {
namespace {

TEST(ScoreFormula, Examples) {
  EXPECT_EQ(round_points({.solved = false}), 0);
  EXPECT_EQ(round_points({.solved = true}), 1000);
  EXPECT_EQ(round_points({.solved = true, .seconds = 20}), 1000);  // 20 s free
  EXPECT_EQ(round_points({.solved = true, .seconds = 50}), 970);
  EXPECT_EQ(round_points({.solved = true, .seconds = 5000}), 800);  // time penalty capped at 200
  EXPECT_EQ(round_points({.solved = true, .extra_teams = 2, .misses = 2}), 600);
  EXPECT_EQ(round_points({.solved = true, .hints_requested = 1}), 850);
  // 1000 − 100·2 − 150·1 − 100·2 − 40 = 410
  EXPECT_EQ(
      round_points(
          {.solved = true, .extra_teams = 2, .hints_requested = 1, .misses = 2, .seconds = 60}),
      410);
  EXPECT_EQ(
      round_points(
          {.solved = true, .extra_teams = 5, .hints_requested = 4, .misses = 5, .seconds = 999}),
      100);  // floor for any solve
  EXPECT_EQ(round_points({.solved = false, .seconds = 1}), 0);
}

TEST(ScoreFormula, MonotoneInEveryPenalty) {
  const ScoreInput base{
      .solved = true, .extra_teams = 1, .hints_requested = 1, .misses = 1, .seconds = 30};
  const int p = round_points(base);
  auto more = base;
  more.extra_teams++;
  EXPECT_LT(round_points(more), p);
  more = base;
  more.hints_requested++;
  EXPECT_LT(round_points(more), p);
  more = base;
  more.misses++;
  EXPECT_LT(round_points(more), p);
  more = base;
  more.seconds += 10;
  EXPECT_LT(round_points(more), p);
}

TEST(ScoreStreak, DailyStreaks) {
  const std::vector<int> none;
  EXPECT_EQ(daily_streak(none, 10), (Streak{0, 0}));
  const std::vector<int> run{5, 6, 7, 9, 10};
  EXPECT_EQ(daily_streak(run, 10), (Streak{2, 3}));
  EXPECT_EQ(daily_streak(run, 11), (Streak{2, 3}));  // today not yet played: still alive
  EXPECT_EQ(daily_streak(run, 12), (Streak{0, 3}));  // yesterday missed: broken
  const std::vector<int> unsorted{3, 1, 2, 2, 4};
  EXPECT_EQ(daily_streak(unsorted, 4), (Streak{4, 4}));
  const std::vector<int> future{1, 2, 50};
  EXPECT_EQ(daily_streak(future, 3), (Streak{2, 2}));  // numbers after today are ignored
}

}  // namespace
}  // namespace jm::domain
