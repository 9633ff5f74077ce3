#include "domain/reports/compat_reports.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "domain/reports/profile_rules.hpp"
#include "util/time_format.hpp"

namespace jm::domain::reports {

namespace {

using json = nlohmann::json;

constexpr int kTrendBuckets = 12;
constexpr std::size_t kRollingWindow = 5;

json optional_time(std::int64_t ms) {
  return ms > 0 ? json(format_iso8601_ms(ms)) : json(nullptr);
}

}  // namespace

double round2(double value) {
  return std::round(value * 100.0) / 100.0;
}

double Mean::value() const {
  return count == 0 ? 0 : round2(sum / static_cast<double>(count));
}

void AnalyticsSummary::add(const Game& g) {
  if (!g.player_id.empty()) {
    players_.insert(g.player_id);
    if (g.created_at_ms >= day_start_ms_) active_today_.insert(g.player_id);
  }
  ++sessions_;
  score_.add(g.score);
  correct_.add(g.correct_count.value_or(0));
  if (g.duration_seconds) duration_.add(*g.duration_seconds);
  if (g.correct_count.value_or(0) > 0) ++solved_;
  if (g.shared_on_social) ++shares_;
  last_played_ = std::max(last_played_, g.created_at_ms);
  highest_ = std::max(highest_, g.score);
  if (g.duration_seconds && *g.duration_seconds > 0 &&
      (!fastest_ || *g.duration_seconds < *fastest_)) {
    fastest_ = g.duration_seconds;
  }
  ++modes_[g.mode];
}

json AnalyticsSummary::result() const {
  return {{"totalPlayers", players_.size()},
          {"totalSessions", sessions_},
          {"averageScore", score_.value()},
          {"averageCorrectCount", correct_.value()},
          {"averageDuration", duration_.value()},
          {"activeToday", active_today_.size()},
          {"completionRate",
           sessions_ == 0 ? 0.0 : round2(100.0 * static_cast<double>(solved_) / sessions_)},
          {"socialShares", shares_},
          {"modeDistribution", modes_},
          {"lastPlayed", optional_time(last_played_)},
          {"highestScore", highest_},
          {"fastestTime", fastest_ ? json(*fastest_) : json(nullptr)}};
}

std::int64_t trends_since(Period period, std::int64_t now_ms) {
  return period_shift(period, period_start(period, now_ms), -(kTrendBuckets - 1));
}

Trends::Trends(Period period, std::int64_t now_ms)
    : period_(period), since_(trends_since(period, now_ms)) {
  for (int i = 0; i < kTrendBuckets; ++i) buckets_[period_shift(period, since_, i)];
}

void Trends::add(const Game& g) {
  if (g.created_at_ms < since_) return;
  auto it = buckets_.find(period_start(period_, g.created_at_ms));
  if (it == buckets_.end()) return;  // after now
  auto& b = it->second;
  ++b.sessions;
  b.challenge += g.mode == "challenge" ? 1 : 0;
  b.easy += g.mode == "easy" ? 1 : 0;
  b.score.add(g.score);
  if (g.duration_seconds) b.duration.add(*g.duration_seconds);
  auto& use = modes_[g.mode];
  ++use.sessions;
  if (g.player_id.empty()) return;
  b.players.insert(g.player_id);
  use.players.insert(g.player_id);
  // A newcomer is counted in the bucket in which the player was first seen.
  auto first = buckets_.find(period_start(period_, g.player_since_ms));
  if (first != buckets_.end()) first->second.newcomers.insert(g.player_id);
}

json Trends::result() const {
  json performance = json::array(), acquisition = json::array(), preferences = json::array();
  for (const auto& [start, b] : buckets_) {
    performance.push_back({{"period", date_label(start)},
                           {"total_sessions", b.sessions},
                           {"active_players", b.players.size()},
                           {"avg_score", b.score.value()},
                           {"avg_duration", b.duration.value()},
                           {"challenge_sessions", b.challenge},
                           {"easy_sessions", b.easy}});
    acquisition.push_back({{"period", date_label(start)}, {"new_players", b.newcomers.size()}});
  }
  for (const auto& [mode, use] : modes_) {
    preferences.push_back(
        {{"mode", mode}, {"sessions", use.sessions}, {"players", use.players.size()}});
  }
  return {{"performanceTrends", performance},
          {"acquisitionTrends", acquisition},
          {"modePreferences", preferences},
          {"period", period_name(period_)}};
}

std::string duration_bucket(int seconds) {
  if (seconds < 30) return "<30s";
  if (seconds < 60) return "30-60s";
  if (seconds < 120) return "1-2min";
  if (seconds < 300) return "2-5min";
  return "5min+";
}

std::string retention_bucket(int sessions, std::int64_t span_ms) {
  constexpr std::int64_t kDay = 86'400'000;
  if (span_ms >= 7 * kDay) return "Week+";
  if (span_ms >= kDay) return "Day+";
  if (sessions >= 2) return "Multi-session";
  return "Single Session";
}

void AdvancedAnalytics::add(const Game& g) {
  if (g.duration_seconds) {
    auto& c = by_duration_[duration_bucket(*g.duration_seconds)];
    ++c.sessions;
    c.score.add(g.score);
    c.duration.add(*g.duration_seconds);
  }
  auto& m = by_mode_[g.mode];
  ++m.sessions;
  m.shares += g.shared_on_social ? 1 : 0;
  m.score.add(g.score);
  if (g.duration_seconds) m.duration.add(*g.duration_seconds);
  if (g.player_id.empty()) return;
  auto& p = players_[g.player_id];
  if (p.sessions++ == 0) p.first = g.created_at_ms;
  p.first = std::min(p.first, g.created_at_ms);
  p.last = std::max(p.last, g.created_at_ms);
}

json AdvancedAnalytics::result() const {
  static const std::vector<std::string> kDurationOrder = {"<30s", "30-60s", "1-2min", "2-5min",
                                                          "5min+"};
  static const std::vector<std::string> kRetentionOrder = {"Week+", "Day+", "Multi-session",
                                                           "Single Session"};
  json correlation = json::array(), modes = json::array(), retention = json::array();
  for (const auto& name : kDurationOrder) {
    auto it = by_duration_.find(name);
    if (it == by_duration_.end()) continue;
    correlation.push_back({{"duration_range", name},
                           {"sessions", it->second.sessions},
                           {"avg_score", it->second.score.value()},
                           {"avg_duration", it->second.duration.value()}});
  }
  for (const auto& [mode, c] : by_mode_) {
    modes.push_back(
        {{"mode", mode},
         {"total_sessions", c.sessions},
         {"avg_score", c.score.value()},
         {"avg_duration", c.duration.value()},
         {"social_shares", c.shares},
         {"share_rate_percent", round2(100.0 * static_cast<double>(c.shares) / c.sessions)}});
  }
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> kinds;  // players, sessions
  for (const auto& [id, p] : players_) {
    auto& k = kinds[retention_bucket(p.sessions, p.last - p.first)];
    ++k.first;
    k.second += p.sessions;
  }
  for (const auto& name : kRetentionOrder) {
    auto it = kinds.find(name);
    if (it == kinds.end()) continue;
    retention.push_back({{"player_type", name},
                         {"players", it->second.first},
                         {"avg_sessions_per_player",
                          round2(static_cast<double>(it->second.second) / it->second.first)}});
  }
  return {{"durationPerformanceCorrelation", correlation},
          {"modeAnalysis", modes},
          {"retentionAnalysis", retention}};
}

void Progression::add(const Game& g) {
  auto mean = [](const std::deque<int>& window) {
    if (window.empty()) return json(nullptr);
    double sum = 0;
    for (int v : window) sum += v;
    return json(round2(sum / static_cast<double>(window.size())));
  };
  auto push = [](std::deque<int>& window, int value) {
    window.push_back(value);
    if (window.size() > kRollingWindow) window.pop_front();
  };
  push(scores_, g.score);
  push(corrects_, g.correct_count.value_or(0));
  if (g.duration_seconds) push(durations_, *g.duration_seconds);
  rows_.push_back(
      {{"created_at", format_iso8601_ms(g.created_at_ms)},
       {"mode", g.mode},
       {"score", g.score},
       {"correct_count", g.correct_count ? json(*g.correct_count) : json(nullptr)},
       {"duration_seconds", g.duration_seconds ? json(*g.duration_seconds) : json(nullptr)},
       {"game_number", ++number_},
       {"rolling_avg_score", mean(scores_)},
       {"rolling_avg_correct", mean(corrects_)},
       {"rolling_avg_duration", mean(durations_)}});
}

json profile(const store::PlayerSummary& s, const Pseudonym& pseudonym) {
  ProfileFigures f;
  f.games = s.games;
  const double games = s.games > 0 ? s.games : 1;
  f.avg_correct = static_cast<double>(s.correct_total) / games;
  f.avg_guesses = static_cast<double>(s.guesses_total) / games;
  f.avg_duration =
      s.games_with_duration > 0 ? static_cast<double>(s.duration_total) / s.games_with_duration : 0;
  f.challenge_games = s.challenge_games;
  f.easy_games = s.easy_games;
  f.shares = s.shares;
  return {{"playerId", pseudonym(s.email)},
          {"total_games", s.games},
          {"avg_correct_count", round2(f.avg_correct)},
          {"avg_duration", round2(f.avg_duration)},
          {"avg_guesses", round2(f.avg_guesses)},
          {"challenge_games", s.challenge_games},
          {"easy_games", s.easy_games},
          {"social_shares", s.shares},
          {"skill_level", skill_level(f)},
          {"player_type", player_type(f)},
          {"engagement_level", engagement_level(s.games)},
          {"first_played", optional_time(s.first_played_ms)},
          {"last_played", optional_time(s.last_played_ms)},
          {"insights", insights(f)},
          {"recommendations", recommendations(f)}};
}

}  // namespace jm::domain::reports
