// The original's player-profile rules (inventory §1.6), at their boundaries.
#include <gtest/gtest.h>

#include <algorithm>

#include "domain/reports/profile_rules.hpp"

namespace jm::domain::reports {
namespace {

ProfileFigures figures(double correct, double duration, double guesses = 4, int games = 3) {
  ProfileFigures f;
  f.games = games;
  f.avg_correct = correct;
  f.avg_duration = duration;
  f.avg_guesses = guesses;
  return f;
}

TEST(SkillLevel, Boundaries) {
  EXPECT_EQ(skill_level(figures(1.5, 60)), "Expert");
  EXPECT_EQ(skill_level(figures(1.5, 61)), "Advanced") << "too slow for Expert";
  EXPECT_EQ(skill_level(figures(1.0, 120)), "Advanced");
  EXPECT_EQ(skill_level(figures(1.0, 121)), "Intermediate");
  EXPECT_EQ(skill_level(figures(0.5, 900)), "Intermediate");
  EXPECT_EQ(skill_level(figures(0.49, 10)), "Beginner");
}

TEST(PlayerType, FirstMatchingRuleWins) {
  auto f = figures(1, 400, 1);
  f.challenge_games = 2;
  f.easy_games = 1;
  f.shares = 3;
  EXPECT_EQ(player_type(f), "Risk Taker");
  f.challenge_games = 1;  // not more than easy
  EXPECT_EQ(player_type(f), "Quick Guesser");
  f.avg_guesses = 2.01;
  EXPECT_EQ(player_type(f), "Social Player");
  f.shares = 0;
  EXPECT_EQ(player_type(f), "Methodical Thinker");
  f.avg_duration = 300;
  EXPECT_EQ(player_type(f), "Casual Player");
}

TEST(EngagementLevel, Boundaries) {
  EXPECT_EQ(engagement_level(10), "Highly Engaged");
  EXPECT_EQ(engagement_level(9), "Engaged");
  EXPECT_EQ(engagement_level(5), "Engaged");
  EXPECT_EQ(engagement_level(4), "Moderately Engaged");
  EXPECT_EQ(engagement_level(2), "Moderately Engaged");
  EXPECT_EQ(engagement_level(1), "Low Engagement");
  EXPECT_EQ(engagement_level(0), "Low Engagement");
}

TEST(ProfileTexts, AlwaysSaySomethingAndFollowTheFigures) {
  auto newcomer = figures(0.2, 200, 5, 1);
  EXPECT_FALSE(insights(newcomer).empty());
  auto recs = recommendations(newcomer);
  EXPECT_NE(std::find(recs.begin(), recs.end(), "Try easy mode to learn the careers"), recs.end());
  auto expert = figures(2, 30, 1, 12);
  expert.shares = 2;
  auto ins = insights(expert);
  EXPECT_NE(std::find(ins.begin(), ins.end(), "A regular player"), ins.end());
  EXPECT_NE(std::find(ins.begin(), ins.end(), "Solves puzzles quickly"), ins.end());
}

}  // namespace
}  // namespace jm::domain::reports
