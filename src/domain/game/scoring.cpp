#include "domain/game/scoring.hpp"

#include <algorithm>
#include <vector>

namespace jm::domain {

int round_points(const ScoreInput& in) {
  using namespace scoring;
  if (!in.solved) return 0;
  const auto slow = std::max<std::int64_t>(0, in.seconds - kFreeSeconds);
  const int time_penalty = static_cast<int>(std::min<std::int64_t>(kMaxTimePenalty, slow));
  const int points = kBase - kPerTeam * std::max(0, in.extra_teams) -
                     kPerHint * std::max(0, in.hints_requested) -
                     kPerMiss * std::max(0, in.misses) - time_penalty;
  return std::max(kFloor, points);
}

Streak daily_streak(std::span<const int> solved_numbers, int today_number) {
  std::vector<int> v(solved_numbers.begin(), solved_numbers.end());
  std::erase_if(v, [&](int n) { return n < 1 || n > today_number; });
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  Streak s;
  int run = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    run = (i > 0 && v[i] == v[i - 1] + 1) ? run + 1 : 1;
    s.best = std::max(s.best, run);
  }
  if (!v.empty() && (v.back() == today_number || v.back() == today_number - 1)) s.current = run;
  return s;
}

}  // namespace jm::domain
