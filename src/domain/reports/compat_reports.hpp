#pragma once
// The original service's analytics shapes (inventory §1.3, §1.6, §9 items 22–24), computed
// from finished games. Field names are the original's, so its dashboards keep working.
// "Score" is the server-judged score (0 for client-reported games); players are counted
// by their id and shown only by the analytics pseudonym, which the caller supplies.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/reports/periods.hpp"
#include "store/report_types.hpp"

namespace jm::domain::reports {

using Games = std::vector<store::ReportGame>;
// e-mail → pseudonym ("" for an erased player with no e-mail).
using Pseudonym = std::function<std::string(std::string_view email)>;

// GET /analytics: totalPlayers, totalSessions, averageScore, averageCorrectCount,
// averageDuration, activeToday (players with a game since `day_start_ms`),
// completionRate (percent of games with a correct answer), socialShares,
// modeDistribution {mode: games}, lastPlayed, highestScore, fastestTime.
nlohmann::json analytics_summary(const Games& games, std::int64_t day_start_ms);

// GET /trends: the 12 buckets of `period` ending with the one containing `now_ms`
// (oldest first, empty buckets included). `games` must cover them all.
nlohmann::json trends(const Games& games, Period period, std::int64_t now_ms);
// The first instant trends() reads.
std::int64_t trends_since(Period period, std::int64_t now_ms);

// GET /advanced-analytics: durationPerformanceCorrelation, modeAnalysis, retentionAnalysis.
nlohmann::json advanced_analytics(const Games& games);
// The duration bucket of a game ("<30s", "30-60s", "1-2min", "2-5min", "5min+").
std::string duration_bucket(int seconds);
// The retention bucket of a player: "Week+" (first to last game ≥ 7 days), "Day+"
// (≥ 1 day), "Multi-session" (≥ 2 games), else "Single Session".
std::string retention_bucket(int sessions, std::int64_t span_ms);

// GET /player-progression/:email: one row per game with 5-game rolling averages.
nlohmann::json progression(const Games& games_of_one_player);

// GET /player-profile: one profile with the §1.6 categories.
nlohmann::json profile(const store::PlayerSummary& summary, const Pseudonym& pseudonym);

// Rounds to 2 decimals (the original's ROUND(x, 2)).
double round2(double value);

}  // namespace jm::domain::reports
