#include "domain/reports/profile_rules.hpp"

namespace jm::domain::reports {

std::string skill_level(const ProfileFigures& f) {
  if (f.avg_correct >= 1.5 && f.avg_duration <= 60) return "Expert";
  if (f.avg_correct >= 1.0 && f.avg_duration <= 120) return "Advanced";
  if (f.avg_correct >= 0.5) return "Intermediate";
  return "Beginner";
}

std::string player_type(const ProfileFigures& f) {
  if (f.challenge_games > f.easy_games) return "Risk Taker";
  if (f.games > 0 && f.avg_guesses <= 2) return "Quick Guesser";
  if (f.shares > 0) return "Social Player";
  if (f.avg_duration > 300) return "Methodical Thinker";
  return "Casual Player";
}

std::string engagement_level(int games) {
  if (games >= 10) return "Highly Engaged";
  if (games >= 5) return "Engaged";
  if (games >= 2) return "Moderately Engaged";
  return "Low Engagement";
}

std::vector<std::string> insights(const ProfileFigures& f) {
  std::vector<std::string> out;
  if (f.avg_correct >= 1.5) out.emplace_back("Consistently identifies journeymen correctly");
  if (f.avg_duration > 0 && f.avg_duration <= 60) out.emplace_back("Solves puzzles quickly");
  if (f.challenge_games > f.easy_games) out.emplace_back("Prefers the challenge mode");
  if (f.shares > 0) out.emplace_back("Shares results with friends");
  if (f.games >= 10) out.emplace_back("A regular player");
  if (out.empty()) out.emplace_back("Still getting to know the game");
  return out;
}

std::vector<std::string> recommendations(const ProfileFigures& f) {
  std::vector<std::string> out;
  if (f.avg_correct < 0.5) out.emplace_back("Try easy mode to learn the careers");
  if (f.avg_correct >= 1.5 && f.challenge_games <= f.easy_games) {
    out.emplace_back("Ready for challenge mode");
  }
  if (f.shares == 0) out.emplace_back("Share a result to challenge friends");
  if (f.games < 5) out.emplace_back("Play the daily puzzle to build a streak");
  if (out.empty()) out.emplace_back("Keep playing the daily puzzle");
  return out;
}

}  // namespace jm::domain::reports
