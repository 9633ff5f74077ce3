#include "store/sqlite/report_queries.hpp"

#include <algorithm>

namespace jm::store::sqlite {
namespace {

// A page of finished games (report_pages.hpp): ?1/?2 the cursor (created_at, id) the page
// starts after, ?3 until (exclusive), ?4 mode ('' = all), ?5 page size, ?6 whether to
// select the sealed e-mail (exports). games_created_at holds the rowid (= id) after
// created_at, so the row comparison is a range of that index, already in page order.
// LEFT JOIN: an erased player's games still count, without a player.
#define JM_REPORT_COLUMNS                                                                        \
  "SELECT coalesce(u.public_id, ''), coalesce(u.name, ''), CASE WHEN ?6 THEN u.email END,"       \
  " g.game_type, g.mode, g.source, g.duration_seconds, g.correct_count, g.guess_count, g.score," \
  " g.shared_on_social, g.completed, g.created_at, coalesce(u.created_at, 0), g.id"
#define JM_REPORT_PAGE                                                                   \
  " AND (g.created_at, g.id) > (?1, ?2) AND g.created_at < ?3 AND g.status = 'finished'" \
  " AND (?4 = '' OR g.mode = ?4) ORDER BY g.created_at, g.id LIMIT ?5"

constexpr const char* kGames =
    JM_REPORT_COLUMNS " FROM games g LEFT JOIN users u ON u.id = g.user_id WHERE 1" JM_REPORT_PAGE;

// One player's games, by users.public_id (?7) and the games_user_id index.
constexpr const char* kPlayerGames = JM_REPORT_COLUMNS
    " FROM users u JOIN games g ON g.user_id = u.id WHERE u.public_id = ?7" JM_REPORT_PAGE;

// Server-judged games only (client reports are not trusted for rankings); the inner
// join drops erased players. Never selects users.email.
constexpr const char* kLeaderboard =
    "SELECT u.name, max(g.score) AS best,"
    " min(CASE WHEN g.correct_count > 0 THEN g.duration_seconds END) AS fastest,"
    " count(*), max(g.finished_at)"
    " FROM games g JOIN users u ON u.id = g.user_id"
    " WHERE g.source = 'server' AND g.status = 'finished' AND g.finished_at >= ?1"
    "  AND (?2 = '' OR g.mode = ?2)"
    " GROUP BY g.user_id"
    " ORDER BY best DESC, fastest ASC NULLS LAST, u.name, g.user_id"
    " LIMIT ?3 OFFSET ?4";

#define JM_SUMMARY_COLUMNS                                                                  \
  "SELECT u.public_id, u.email, count(*), coalesce(sum(g.correct_count), 0),"               \
  " sum(g.guess_count), coalesce(sum(g.duration_seconds), 0), count(g.duration_seconds),"   \
  " count(*) FILTER (WHERE g.mode = 'challenge'), count(*) FILTER (WHERE g.mode = 'easy')," \
  " sum(g.shared_on_social), min(g.created_at), max(g.created_at)"                          \
  " FROM games g JOIN users u ON u.id = g.user_id"

constexpr const char* kSummaries = JM_SUMMARY_COLUMNS
    " WHERE g.status = 'finished'"
    " GROUP BY g.user_id ORDER BY count(*) DESC, u.public_id LIMIT ?1 OFFSET ?2";

constexpr const char* kSummaryOf =
    JM_SUMMARY_COLUMNS " WHERE u.public_id = ?1 AND g.status = 'finished' GROUP BY g.user_id";

constexpr const char* kSummaryCount =
    "SELECT count(DISTINCT g.user_id) FROM games g"
    " WHERE g.status = 'finished' AND g.user_id IS NOT NULL";

// Each count on its own index (created_at, source/status, user_id).
constexpr const char* kGameCounts =
    "SELECT (SELECT count(*) FROM games), (SELECT count(*) FROM games WHERE created_at >= ?1),"
    " (SELECT count(*) FROM games WHERE status = 'finished'),"
    " (SELECT count(*) FROM games WHERE source = 'server' AND status = 'active')";

constexpr const char* kPlayers =
    "SELECT count(DISTINCT user_id) FROM games WHERE user_id IS NOT NULL";

// Accounts are the users with a password; visitors who only left an e-mail are not.
constexpr const char* kRoles =
    "SELECT role, count(*) FROM users WHERE password_hash IS NOT NULL GROUP BY role";

constexpr const char* kJobs =
    "SELECT count(*) FILTER (WHERE status = 'queued'), count(*) FILTER (WHERE status = 'running'),"
    " count(*) FILTER (WHERE status = 'failed') FROM jobs";

#undef JM_REPORT_COLUMNS
#undef JM_REPORT_PAGE
#undef JM_SUMMARY_COLUMNS

ReportGame game_from(const Statement& s, const PiiCodec& pii) {
  ReportGame g;
  g.game_id = s.column_int64(14);
  g.player_id = s.column_text(0);
  g.player_name = s.column_text(1);
  if (!s.column_is_null(2)) g.email = pii.open(s.column_text(2));
  g.game_type = s.column_text(3);
  g.mode = s.column_text(4);
  g.source = s.column_text(5);
  g.duration_seconds = s.column_optional_int(6);
  g.correct_count = s.column_optional_int(7);
  g.guess_count = static_cast<int>(s.column_int64(8));
  g.score = static_cast<int>(s.column_int64(9));
  g.shared_on_social = s.column_int64(10) != 0;
  g.completed = s.column_int64(11) != 0;
  g.created_at_ms = s.column_int64(12);
  g.player_since_ms = s.column_int64(13);
  return g;
}

PlayerSummary summary_from(const Statement& s, const PiiCodec& pii) {
  PlayerSummary p;
  p.player_id = s.column_text(0);
  if (!s.column_is_null(1)) p.email = pii.open(s.column_text(1));
  p.games = static_cast<int>(s.column_int64(2));
  p.correct_total = s.column_int64(3);
  p.guesses_total = s.column_int64(4);
  p.duration_total = s.column_int64(5);
  p.games_with_duration = static_cast<int>(s.column_int64(6));
  p.challenge_games = static_cast<int>(s.column_int64(7));
  p.easy_games = static_cast<int>(s.column_int64(8));
  p.shares = static_cast<int>(s.column_int64(9));
  p.first_played_ms = s.column_int64(10);
  p.last_played_ms = s.column_int64(11);
  return p;
}

}  // namespace

Statement& ReportQueries::prepared(Statement& s, const char* sql) {
  if (!s) s = conn_.prepare(sql);
  return s;
}

std::vector<ReportGame> ReportQueries::games_page(const ReportQuery& query,
                                                  const ReportCursor& after, int limit) {
  Statement& s =
      query.player_id.empty() ? prepared(games_, kGames) : prepared(player_games_, kPlayerGames);
  ResetOnExit reset(s);
  s.bind(1, after.created_at_ms);
  s.bind(2, after.game_id);
  s.bind(3, query.until_ms);
  s.bind(4, query.mode);
  s.bind(5, std::max(limit, 0));  // a negative LIMIT would mean "all" to SQLite
  s.bind(6, query.with_email);
  if (!query.player_id.empty()) s.bind(7, query.player_id);
  std::vector<ReportGame> out;
  while (s.step()) out.push_back(game_from(s, pii_));
  return out;
}

std::vector<CompatLeaderboardRow> ReportQueries::leaderboard(const CompatLeaderboardQuery& query) {
  Statement& s = prepared(leaderboard_, kLeaderboard);
  ResetOnExit reset(s);
  s.bind(1, query.since_ms);
  s.bind(2, query.mode);
  s.bind(3, std::max(query.limit, 0));  // a negative LIMIT would mean "all" to SQLite
  s.bind(4, std::max(query.offset, 0));
  std::vector<CompatLeaderboardRow> out;
  while (s.step()) {
    CompatLeaderboardRow r;
    r.name = s.column_text(0);
    r.best_score = static_cast<int>(s.column_int64(1));
    r.fastest_time_seconds = s.column_optional_int(2);
    r.games_played = static_cast<int>(s.column_int64(3));
    r.last_played_ms = s.column_int64(4);
    out.push_back(std::move(r));
  }
  return out;
}

PlayerSummaryPage ReportQueries::player_summaries(const PlayerSummaryQuery& query) {
  PlayerSummaryPage page;
  ReadSnapshot snapshot(conn_);  // the page and its total describe the same moment
  if (!query.player_id.empty()) {
    Statement& s = prepared(summary_of_, kSummaryOf);
    ResetOnExit reset(s);
    s.bind(1, query.player_id);
    if (s.step()) page.players.push_back(summary_from(s, pii_));
    page.total = static_cast<std::int64_t>(page.players.size());
  } else {
    {
      Statement& s = prepared(summaries_, kSummaries);
      ResetOnExit reset(s);
      s.bind(1, std::max(query.limit, 0));
      s.bind(2, std::max(query.offset, 0));
      while (s.step()) page.players.push_back(summary_from(s, pii_));
    }
    Statement& c = prepared(summary_count_, kSummaryCount);
    ResetOnExit reset(c);
    if (c.step()) page.total = c.column_int64(0);
  }
  snapshot.commit();
  return page;
}

OperatorStats ReportQueries::operator_stats(std::int64_t day_start_ms) {
  OperatorStats stats;
  ReadSnapshot snapshot(conn_);
  {
    Statement& s = prepared(game_counts_, kGameCounts);
    ResetOnExit reset(s);
    s.bind(1, day_start_ms);
    if (s.step()) {
      stats.games_total = s.column_int64(0);
      stats.games_today = s.column_int64(1);
      stats.games_finished = s.column_int64(2);
      stats.games_active = s.column_int64(3);
    }
  }
  {
    Statement& s = prepared(players_, kPlayers);
    ResetOnExit reset(s);
    if (s.step()) stats.players = s.column_int64(0);
  }
  {
    Statement& s = prepared(roles_, kRoles);
    ResetOnExit reset(s);
    while (s.step()) stats.accounts_by_role[s.column_text(0)] = s.column_int64(1);
  }
  {
    Statement& s = prepared(jobs_, kJobs);
    ResetOnExit reset(s);
    if (s.step()) {
      stats.jobs_queued = s.column_int64(0);
      stats.jobs_running = s.column_int64(1);
      stats.jobs_failed = s.column_int64(2);
    }
  }
  snapshot.commit();
  return stats;
}

}  // namespace jm::store::sqlite
