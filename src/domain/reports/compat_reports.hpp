#pragma once
// The original service's analytics shapes (inventory §1.3, §1.6, §9 items 22–24), computed
// from finished games. Field names are the original's, so its dashboards keep working.
// "Score" is the server-judged score (0 for client-reported games); players are counted
// by their id and shown only by the analytics pseudonym, which the caller supplies.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/reports/periods.hpp"
#include "store/report_types.hpp"

namespace jm::domain::reports {

// e-mail → pseudonym ("" for an erased player with no e-mail).
using Pseudonym = std::function<std::string(std::string_view email)>;
using Game = store::ReportGame;

// Each report below is a fold: add() every game of its period (store/report_pages.hpp
// walks them oldest first, a page at a time), then result(). A report keeps per-player
// state (distinct players, first and last game) but never the games themselves.

// Running mean that answers 0 when empty.
struct Mean {
  double sum = 0;
  std::int64_t count = 0;
  void add(double v) {
    sum += v;
    ++count;
  }
  double value() const;  // rounded to 2 decimals
};

// GET /analytics: totalPlayers, totalSessions, averageScore, averageCorrectCount,
// averageDuration, activeToday (players with a game since `day_start_ms`),
// completionRate (percent of games with a correct answer), socialShares,
// modeDistribution {mode: games}, lastPlayed, highestScore, fastestTime.
class AnalyticsSummary {
 public:
  explicit AnalyticsSummary(std::int64_t day_start_ms) : day_start_ms_(day_start_ms) {}
  void add(const Game& g);
  nlohmann::json result() const;

 private:
  std::int64_t day_start_ms_;
  std::set<std::string> players_, active_today_;
  Mean score_, correct_, duration_;
  std::int64_t sessions_ = 0, solved_ = 0, shares_ = 0, last_played_ = 0;
  int highest_ = 0;
  std::optional<int> fastest_;
  std::map<std::string, std::int64_t> modes_;
};

// GET /trends: the 12 buckets of `period` ending with the one containing `now_ms`
// (oldest first, empty buckets included). Games outside them are ignored.
class Trends {
 public:
  Trends(Period period, std::int64_t now_ms);
  void add(const Game& g);
  nlohmann::json result() const;

 private:
  struct Bucket {
    std::int64_t sessions = 0, challenge = 0, easy = 0;
    std::set<std::string> players, newcomers;
    Mean score, duration;
  };
  struct ModeUse {
    std::int64_t sessions = 0;
    std::set<std::string> players;
  };
  Period period_;
  std::int64_t since_;
  std::map<std::int64_t, Bucket> buckets_;
  std::map<std::string, ModeUse> modes_;
};
// The first instant Trends reads.
std::int64_t trends_since(Period period, std::int64_t now_ms);

// GET /advanced-analytics: durationPerformanceCorrelation, modeAnalysis, retentionAnalysis.
class AdvancedAnalytics {
 public:
  void add(const Game& g);
  nlohmann::json result() const;

 private:
  struct Cell {
    std::int64_t sessions = 0, shares = 0;
    Mean score, duration;
  };
  struct Span {
    int sessions = 0;
    std::int64_t first = 0, last = 0;
  };
  std::map<std::string, Cell> by_duration_, by_mode_;
  std::map<std::string, Span> players_;
};
// The duration bucket of a game ("<30s", "30-60s", "1-2min", "2-5min", "5min+").
std::string duration_bucket(int seconds);
// The retention bucket of a player: "Week+" (first to last game ≥ 7 days), "Day+"
// (≥ 1 day), "Multi-session" (≥ 2 games), else "Single Session".
std::string retention_bucket(int sessions, std::int64_t span_ms);

// GET /player-progression/:email: one row per game of one player (oldest first) with
// 5-game rolling averages.
class Progression {
 public:
  void add(const Game& g);
  nlohmann::json result() const { return rows_; }

 private:
  nlohmann::json rows_ = nlohmann::json::array();
  std::deque<int> scores_, corrects_, durations_;
  int number_ = 0;
};

// GET /player-profile: one profile with the §1.6 categories.
nlohmann::json profile(const store::PlayerSummary& summary, const Pseudonym& pseudonym);

// Rounds to 2 decimals (the original's ROUND(x, 2)).
double round2(double value);

}  // namespace jm::domain::reports
