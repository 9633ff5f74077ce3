#pragma once
// SQL behind the original's analytics pages and /api/admin/stats (report_types.hpp); the
// same queries as store/sqlite/report_queries.cpp, in PostgreSQL's dialect.
#include "store/postgres/pg_connection.hpp"

namespace jm::store::postgres::sql {

// A page of finished games (report_pages.hpp): $1/$2 the cursor (created_at, id) the page
// starts after, $3 until (exclusive), $4 mode ('' = all), $5 page size, $6 whether to
// select the sealed e-mail (exports). The row comparison bounds the games_created_at range
// scan; ties on created_at are put in id order by an incremental sort of that scan.
#define JM_PG_REPORT_COLUMNS                                                                   \
  "SELECT coalesce(u.public_id, ''), coalesce(u.name, ''), CASE WHEN $6::boolean THEN u.email" \
  " END, g.game_type, g.mode, g.source, g.duration_seconds, g.correct_count, g.guess_count,"   \
  " g.score, g.shared_on_social, g.completed, g.created_at, coalesce(u.created_at, 0), g.id"
#define JM_PG_REPORT_PAGE                                                              \
  " AND (g.created_at, g.id) > ($1::bigint, $2::bigint) AND g.created_at < $3::bigint" \
  " AND g.status = 'finished' AND ($4::text = '' OR g.mode = $4::text)"                \
  " ORDER BY g.created_at, g.id LIMIT $5::bigint"

// Erased players' games still count (LEFT JOIN), without a player.
inline const Sql kReportGames{"jm_report_games_page", JM_PG_REPORT_COLUMNS
                              " FROM games g LEFT JOIN users u ON u.id = g.user_id"
                              " WHERE true" JM_PG_REPORT_PAGE};

// One player's games, by users.public_id ($7) and games_user_id.
inline const Sql kReportPlayerGames{"jm_report_player_games_page", JM_PG_REPORT_COLUMNS
                                    " FROM users u JOIN games g ON g.user_id = u.id"
                                    " WHERE u.public_id = $7::text" JM_PG_REPORT_PAGE};

// Server-judged games only; the inner join drops erased players. Never selects email.
inline const Sql kCompatLeaderboard{
    "jm_compat_leaderboard",
    "SELECT u.name, max(g.score) AS best,"
    " min(CASE WHEN g.correct_count > 0 THEN g.duration_seconds END) AS fastest,"
    " count(*), max(g.finished_at)"
    " FROM games g JOIN users u ON u.id = g.user_id"
    " WHERE g.source = 'server' AND g.status = 'finished' AND g.finished_at >= $1::bigint"
    "  AND ($2::text = '' OR g.mode = $2::text)"
    " GROUP BY u.id, u.name"
    " ORDER BY best DESC, fastest ASC NULLS LAST, u.name COLLATE \"C\", u.id"
    " LIMIT $3::bigint OFFSET $4::bigint"};

#define JM_PG_SUMMARY_COLUMNS                                                               \
  "SELECT u.public_id, u.email, count(*), coalesce(sum(g.correct_count), 0),"               \
  " sum(g.guess_count), coalesce(sum(g.duration_seconds), 0), count(g.duration_seconds),"   \
  " count(*) FILTER (WHERE g.mode = 'challenge'), count(*) FILTER (WHERE g.mode = 'easy')," \
  " sum(g.shared_on_social), min(g.created_at), max(g.created_at)"                          \
  " FROM games g JOIN users u ON u.id = g.user_id"

inline const Sql kPlayerSummaries{
    "jm_player_summaries", JM_PG_SUMMARY_COLUMNS
    " WHERE g.status = 'finished'"
    " GROUP BY u.id ORDER BY count(*) DESC, u.public_id LIMIT $1::bigint OFFSET $2::bigint"};

inline const Sql kPlayerSummaryOf{"jm_player_summary_of", JM_PG_SUMMARY_COLUMNS
                                  " WHERE u.public_id = $1::text AND g.status = 'finished'"
                                  " GROUP BY u.id"};

inline const Sql kPlayerSummaryCount{"jm_player_summary_count",
                                     "SELECT count(DISTINCT g.user_id) FROM games g"
                                     " WHERE g.status = 'finished' AND g.user_id IS NOT NULL"};

inline const Sql kOperatorGameCounts{
    "jm_operator_game_counts",
    "SELECT (SELECT count(*) FROM games),"
    " (SELECT count(*) FROM games WHERE created_at >= $1::bigint),"
    " (SELECT count(*) FROM games WHERE status = 'finished'),"
    " (SELECT count(*) FROM games WHERE source = 'server' AND status = 'active'),"
    " (SELECT count(DISTINCT user_id) FROM games WHERE user_id IS NOT NULL),"
    " (SELECT count(*) FROM jobs WHERE status = 'queued'),"
    " (SELECT count(*) FROM jobs WHERE status = 'running'),"
    " (SELECT count(*) FROM jobs WHERE status = 'failed')"};

// Accounts are the users with a password; visitors who only left an e-mail are not.
inline const Sql kOperatorRoles{
    "jm_operator_roles",
    "SELECT role, count(*) FROM users WHERE password_hash IS NOT NULL GROUP BY role"};

#undef JM_PG_REPORT_COLUMNS
#undef JM_PG_SUMMARY_COLUMNS

}  // namespace jm::store::postgres::sql
