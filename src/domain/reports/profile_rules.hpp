#pragma once
// The original's player-profile rules (inventory §1.6): skill level, player type and
// engagement from a player's lifetime averages, plus its canned insight and
// recommendation strings.
#include <string>
#include <vector>

namespace jm::domain::reports {

struct ProfileFigures {
  int games = 0;
  double avg_correct = 0;   // correct answers per game
  double avg_duration = 0;  // seconds per game (games with a duration)
  double avg_guesses = 0;   // guesses per game
  int challenge_games = 0, easy_games = 0, shares = 0;
};

// Expert (avg correct ≥ 1.5 and ≤ 60 s), Advanced (≥ 1.0 and ≤ 120 s), Intermediate
// (≥ 0.5), else Beginner.
std::string skill_level(const ProfileFigures& f);
// Risk Taker (more challenge than easy games), Quick Guesser (≤ 2 guesses per game),
// Social Player (has shared), Methodical Thinker (> 300 s per game), else Casual Player;
// the first rule that holds wins.
std::string player_type(const ProfileFigures& f);
// Highly Engaged ≥ 10 games, Engaged ≥ 5, Moderately Engaged ≥ 2, else Low Engagement.
std::string engagement_level(int games);

std::vector<std::string> insights(const ProfileFigures& f);
std::vector<std::string> recommendations(const ProfileFigures& f);

}  // namespace jm::domain::reports
