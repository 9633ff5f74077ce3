#pragma once
// Points per round and daily streaks (docs/game-rules.md has the formula with examples).
#include <cstdint>
#include <span>

namespace jm::domain {

struct ScoreInput {
  bool solved = false;
  int extra_teams = 0;       // teams revealed beyond those shown at the start (daily only)
  int hints_requested = 0;   // hints the player asked for (automatic daily hints are free)
  int misses = 0;            // wrong guesses (ambiguous ones do not count)
  std::int64_t seconds = 0;  // from the round's start to the solving guess
};

namespace scoring {
inline constexpr int kBase = 1000;
inline constexpr int kPerTeam = 100;
inline constexpr int kPerHint = 150;
inline constexpr int kPerMiss = 100;
inline constexpr int kFreeSeconds = 20;
inline constexpr int kMaxTimePenalty = 200;
inline constexpr int kFloor = 100;
}  // namespace scoring

// 0 for a failed round; otherwise
//   max(100, 1000 − 100·extra_teams − 150·hints − 100·misses − min(200, max(0, seconds − 20)))
int round_points(const ScoreInput& in);

struct Streak {
  int current = 0;
  int best = 0;
  bool operator==(const Streak&) const = default;
};

// Daily streaks from the puzzle numbers a player solved (any order, duplicates allowed; archive
// plays must not be passed in). `current` counts back from today's puzzle, or from yesterday's
// when today's is not solved yet, so a streak is not broken before the day is over.
Streak daily_streak(std::span<const int> solved_numbers, int today_number);

}  // namespace jm::domain
