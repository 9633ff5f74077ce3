// The original's analytics shapes computed from games: /analytics, /trends,
// /advanced-analytics, /player-progression, /player-profile, and the export file.
#include <gtest/gtest.h>

#include "domain/reports/compat_reports.hpp"
#include "domain/reports/export_file.hpp"
#include "util/time_format.hpp"

namespace jm::domain::reports {
namespace {

using json = nlohmann::json;
using Games = std::vector<store::ReportGame>;

// Runs a report (or an export file) over `games`, as the handlers do page by page.
template <class Report>
Report fold(Report report, const Games& games) {
  for (const auto& g : games) report.add(g);
  return report;
}

std::int64_t at(const char* iso) {
  return *parse_iso8601_ms(iso);
}

store::ReportGame game(const std::string& player, const char* when, const std::string& mode,
                       int score, std::optional<int> correct, std::optional<int> duration) {
  store::ReportGame g;
  g.player_id = player;
  g.player_name = player.empty() ? "" : "Name " + player;
  g.email = player.empty() ? "" : player + "@x.io";
  g.game_type = "journeyman";
  g.mode = mode;
  g.source = "server";
  g.score = score;
  g.correct_count = correct;
  g.duration_seconds = duration;
  g.guess_count = 3;
  g.created_at_ms = at(when);
  g.player_since_ms = g.created_at_ms;
  return g;
}

const Pseudonym kFakePseudonym = [](std::string_view email) {
  return email.empty() ? std::string() : "p-" + std::string(email.substr(0, email.find('@')));
};

TEST(AnalyticsSummary, ComputesTheOriginalFields) {
  Games games = {game("a", "2026-11-20T10:00:00Z", "easy", 100, 1, 40),
                 game("a", "2026-11-26T09:00:00Z", "challenge", 300, 2, 20),
                 game("b", "2026-11-26T11:00:00Z", "easy", 0, 0, std::nullopt),
                 game("", "2026-11-21T11:00:00Z", "easy", 50, 1, 0)};
  games[1].shared_on_social = true;
  auto d = fold(AnalyticsSummary(at("2026-11-26")), games).result();
  EXPECT_EQ(d["totalPlayers"], 2) << "an erased player's game counts as a session only";
  EXPECT_EQ(d["totalSessions"], 4);
  EXPECT_DOUBLE_EQ(d["averageScore"].get<double>(), 112.5);
  EXPECT_DOUBLE_EQ(d["averageCorrectCount"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(d["averageDuration"].get<double>(), 20.0) << "games without duration skipped";
  EXPECT_EQ(d["activeToday"], 2);
  EXPECT_DOUBLE_EQ(d["completionRate"].get<double>(), 75.0);
  EXPECT_EQ(d["socialShares"], 1);
  EXPECT_EQ(d["modeDistribution"], (json{{"easy", 3}, {"challenge", 1}}));
  EXPECT_EQ(d["lastPlayed"], "2026-11-26T11:00:00.000Z");
  EXPECT_EQ(d["highestScore"], 300);
  EXPECT_EQ(d["fastestTime"], 20) << "a zero duration is no time";
}

TEST(AnalyticsSummary, EmptyIsZerosAndNulls) {
  auto d = fold(AnalyticsSummary(0), {}).result();
  EXPECT_EQ(d["totalSessions"], 0);
  EXPECT_EQ(d["completionRate"], 0.0);
  EXPECT_TRUE(d["lastPlayed"].is_null());
  EXPECT_TRUE(d["fastestTime"].is_null());
  EXPECT_TRUE(d["modeDistribution"].is_object());
}

TEST(Trends, TwelveBucketsOldestFirstWithNewcomers) {
  const auto now = at("2026-11-26T12:00:00Z");
  EXPECT_EQ(trends_since(Period::day, now), at("2026-11-15"));
  EXPECT_EQ(trends_since(Period::month, now), at("2025-12-01"));
  Games games = {game("a", "2026-11-15T01:00:00Z", "easy", 10, 1, 30),
                 game("a", "2026-11-26T01:00:00Z", "challenge", 30, 1, 50),
                 game("b", "2026-11-26T02:00:00Z", "easy", 20, 0, 70),
                 game("c", "2026-11-14T23:00:00Z", "easy", 99, 1, 1)};  // before the window
  games[1].player_since_ms = games[0].created_at_ms;
  auto t = fold(Trends(Period::day, now), games).result();
  EXPECT_EQ(t["period"], "day");
  const auto& perf = t["performanceTrends"];
  ASSERT_EQ(perf.size(), 12u);
  EXPECT_EQ(perf[0]["period"], "2026-11-15");
  EXPECT_EQ(perf[0]["total_sessions"], 1);
  EXPECT_EQ(perf[5]["total_sessions"], 0) << "empty days are listed";
  EXPECT_EQ(perf[11]["period"], "2026-11-26");
  EXPECT_EQ(perf[11]["total_sessions"], 2);
  EXPECT_EQ(perf[11]["active_players"], 2);
  EXPECT_DOUBLE_EQ(perf[11]["avg_score"].get<double>(), 25.0);
  EXPECT_DOUBLE_EQ(perf[11]["avg_duration"].get<double>(), 60.0);
  EXPECT_EQ(perf[11]["challenge_sessions"], 1);
  EXPECT_EQ(perf[11]["easy_sessions"], 1);
  const auto& acq = t["acquisitionTrends"];
  EXPECT_EQ(acq[0]["new_players"], 1) << "a, first seen on the 15th";
  EXPECT_EQ(acq[11]["new_players"], 1) << "b only: a was already known";
  ASSERT_EQ(t["modePreferences"].size(), 2u);
}

TEST(AdvancedAnalytics, Buckets) {
  EXPECT_EQ(duration_bucket(0), "<30s");
  EXPECT_EQ(duration_bucket(29), "<30s");
  EXPECT_EQ(duration_bucket(30), "30-60s");
  EXPECT_EQ(duration_bucket(60), "1-2min");
  EXPECT_EQ(duration_bucket(119), "1-2min");
  EXPECT_EQ(duration_bucket(120), "2-5min");
  EXPECT_EQ(duration_bucket(300), "5min+");
  constexpr std::int64_t kDay = 86'400'000;
  EXPECT_EQ(retention_bucket(2, 7 * kDay), "Week+");
  EXPECT_EQ(retention_bucket(2, 7 * kDay - 1), "Day+");
  EXPECT_EQ(retention_bucket(2, kDay), "Day+");
  EXPECT_EQ(retention_bucket(2, kDay - 1), "Multi-session");
  EXPECT_EQ(retention_bucket(1, 0), "Single Session");
}

TEST(AdvancedAnalytics, CorrelationModesAndRetention) {
  Games games = {game("a", "2026-11-01T00:00:00Z", "easy", 10, 1, 10),
                 game("a", "2026-11-10T00:00:00Z", "easy", 30, 1, 20),
                 game("b", "2026-11-10T00:00:00Z", "challenge", 50, 1, 400),
                 game("c", "2026-11-10T00:00:00Z", "easy", 0, 0, std::nullopt)};
  games[2].shared_on_social = true;
  auto a = fold(AdvancedAnalytics(), games).result();
  const auto& corr = a["durationPerformanceCorrelation"];
  ASSERT_EQ(corr.size(), 2u);
  EXPECT_EQ(corr[0], (json{{"duration_range", "<30s"},
                           {"sessions", 2},
                           {"avg_score", 20.0},
                           {"avg_duration", 15.0}}));
  EXPECT_EQ(corr[1]["duration_range"], "5min+");
  const auto& modes = a["modeAnalysis"];
  ASSERT_EQ(modes.size(), 2u);
  EXPECT_EQ(modes[0]["mode"], "challenge");
  EXPECT_DOUBLE_EQ(modes[0]["share_rate_percent"].get<double>(), 100.0);
  EXPECT_EQ(modes[1]["total_sessions"], 3);
  const auto& ret = a["retentionAnalysis"];
  ASSERT_EQ(ret.size(), 2u);
  EXPECT_EQ(ret[0],
            (json{{"player_type", "Week+"}, {"players", 1}, {"avg_sessions_per_player", 2.0}}));
  EXPECT_EQ(ret[1]["player_type"], "Single Session");
  EXPECT_EQ(ret[1]["players"], 2);
}

TEST(Progression, FiveGameRollingAverages) {
  Games games;
  for (int i = 0; i < 6; ++i) {
    auto when = "2026-11-0" + std::to_string(i + 1) + "T00:00:00Z";
    games.push_back(game("a", when.c_str(), "easy", (i + 1) * 10, i % 2, 10 * (i + 1)));
  }
  games[2].duration_seconds.reset();
  auto rows = fold(Progression(), games).result();
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[0]["game_number"], 1);
  EXPECT_DOUBLE_EQ(rows[0]["rolling_avg_score"].get<double>(), 10.0);
  EXPECT_DOUBLE_EQ(rows[4]["rolling_avg_score"].get<double>(), 30.0);
  EXPECT_DOUBLE_EQ(rows[5]["rolling_avg_score"].get<double>(), 40.0) << "only the last five";
  EXPECT_DOUBLE_EQ(rows[5]["rolling_avg_correct"].get<double>(), 0.6);
  EXPECT_TRUE(rows[2]["duration_seconds"].is_null());
  EXPECT_DOUBLE_EQ(rows[2]["rolling_avg_duration"].get<double>(), 15.0);
  EXPECT_EQ(rows[5]["created_at"], "2026-11-06T00:00:00.000Z");
}

TEST(Profile, CategoriesAndPseudonymNeverTheEmail) {
  store::PlayerSummary s;
  s.player_id = "uuid";
  s.email = "ann@x.io";
  s.games = 10;
  s.correct_total = 20;
  s.guesses_total = 30;
  s.duration_total = 450;
  s.games_with_duration = 9;
  s.challenge_games = 6;
  s.easy_games = 4;
  s.first_played_ms = at("2026-11-01");
  s.last_played_ms = at("2026-11-20");
  auto p = profile(s, kFakePseudonym);
  EXPECT_EQ(p["playerId"], "p-ann");
  EXPECT_EQ(p["skill_level"], "Expert");
  EXPECT_EQ(p["player_type"], "Risk Taker");
  EXPECT_EQ(p["engagement_level"], "Highly Engaged");
  EXPECT_DOUBLE_EQ(p["avg_duration"].get<double>(), 50.0);
  EXPECT_EQ(p.dump().find("ann@x.io"), std::string::npos);
  EXPECT_EQ(p.dump().find("uuid"), std::string::npos);
}

TEST(ExportFile, CsvHasAHeaderEscapesNamesAndOmitsEmailsUnlessAsked) {
  Games games = {game("a", "2026-11-01T00:00:00Z", "easy", 10, 1, 30)};
  games[0].player_name = "Smith, \"Ann\"";
  auto csv = fold(CsvExport({}, kFakePseudonym), games).take();
  EXPECT_EQ(csv,
            "created_at,player_id,player_name,game_type,mode,source,duration_seconds,"
            "correct_count,guess_count,score,shared_on_social,completed\r\n"
            "2026-11-01T00:00:00.000Z,p-a,\"Smith, \"\"Ann\"\"\",journeyman,easy,server,30,1,3,10,"
            "false,false\r\n");
  ExportOptions admin;
  admin.include_email = true;
  auto with_email = fold(CsvExport(admin, kFakePseudonym), games).take();
  EXPECT_NE(with_email.find("player_name,email,"), std::string::npos);
  EXPECT_NE(with_email.find(",a@x.io,"), std::string::npos);
  games[0].player_name = "=cmd()";
  EXPECT_NE(fold(CsvExport({}, kFakePseudonym), games).take().find(",'=cmd(),"), std::string::npos);
}

TEST(ExportFile, JsonRowsMatchTheCsvFields) {
  Games games = {game("a", "2026-11-01T00:00:00Z", "easy", 10, 1, std::nullopt),
                 game("", "2026-11-02T00:00:00Z", "daily", 0, std::nullopt, 5)};
  auto doc = fold(JsonExport({}, kFakePseudonym), games).take();
  EXPECT_EQ(doc["count"], 2);
  EXPECT_FALSE(doc["rows"][0].contains("email"));
  EXPECT_EQ(doc["rows"][0]["player_id"], "p-a");
  EXPECT_TRUE(doc["rows"][0]["duration_seconds"].is_null());
  EXPECT_EQ(doc["rows"][1]["player_id"], "") << "an erased player has no pseudonym";
  ExportOptions admin;
  admin.include_email = true;
  EXPECT_EQ(fold(JsonExport(admin, kFakePseudonym), games).take()["rows"][0]["email"], "a@x.io");
}

}  // namespace
}  // namespace jm::domain::reports
