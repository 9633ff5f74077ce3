#pragma once
// SQL for games: client-reported saves, server-judged games and the reads behind the
// public pages. Each is a named statement (prepared once per connection). Parameters
// carry explicit casts wherever PostgreSQL could not infer their type from a column.
#include "store/postgres/pg_connection.hpp"

namespace jm::store::postgres::sql {

// The visitor upsert used by both game writers, as a CTE named `person` (id, public_id).
// Keyed by the e-mail's blind index; the latest non-empty name wins; the stored
// (sealed) address is written once, with the row.
#define JM_PG_PERSON_UPSERT(pub, name, email, index, now, guard)                                   \
  "person AS (INSERT INTO users(public_id, name, email, email_index, created_at, updated_at)"      \
  " SELECT " pub "::text, " name "::text, " email "::text, " index "::text, " now "::bigint, " now \
  "::bigint " guard                                                                                \
  " ON CONFLICT (email_index) DO UPDATE SET"                                                       \
  "  name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE users.name END,"                 \
  "  updated_at = excluded.updated_at"                                                             \
  " RETURNING id, public_id)"

// One statement saves a client-reported game, idempotent by session_id: a known
// session_id touches nothing (not even the player's name) and answers with the first
// result (duplicate = 1). No row at all means another instance inserted the same
// session_id concurrently; the writer then reads that row back. A fresh insert moves the
// analytics aggregates (aggregate_events.hpp), which the writer sums over its batch.
// $1 session, $2 new public id, $3 name, $4 sealed email, $5 email index, $6 now,
// $7 game_type, $8 mode, $9 source, $10 duration, $11 correct, $12 guesses, $13 score,
// $14 shared, $15 completed, $16 guesses_json, $17 metadata_json, $18 ip, $19 ua,
// $20 created_at, $21 the metadata to keep instead of $17, with no user agent, when the
// player's latest analytics consent is not 'granted' (NULL: always $17; see NewGame).
// Answer: id, public id, created_at, correct_count, game_type, duplicate, user id.
inline const Sql kSaveGame{
    "jm_save_game",
    "WITH prior AS (SELECT g.id, u.public_id, g.created_at, g.correct_count, g.game_type"
    "  FROM games g LEFT JOIN users u ON u.id = g.user_id WHERE g.session_id = $1::text),"
    " " JM_PG_PERSON_UPSERT("$2", "$3", "$4", "$5", "$6",
                            "WHERE NOT EXISTS (SELECT 1 FROM prior)") ","
    " fresh AS (INSERT INTO games(session_id, user_id, game_type, mode, source, status,"
    "  duration_seconds, correct_count, guess_count, score, shared_on_social, completed,"
    "  guesses_json, metadata_json, ip, user_agent, created_at, finished_at)"
    "  SELECT $1::text, person.id, $7::text, $8::text, $9::text, 'finished', $10::int,"
    "   $11::int, $12::int, $13::int, $14::smallint, $15::smallint, $16::json,"
    "   CASE WHEN consent.withdrawn THEN $21::json ELSE $17::json END, $18::text,"
    "   CASE WHEN consent.withdrawn THEN NULL ELSE $19::text END, $20::bigint, $20::bigint"
    "  FROM person LEFT JOIN LATERAL (SELECT c.status <> 'granted' AS withdrawn"
    "   FROM user_consents c WHERE $21::json IS NOT NULL AND c.user_id = person.id"
    "   AND c.consent_type = 'analytics' ORDER BY c.id DESC LIMIT 1) consent ON true"
    "  ON CONFLICT (session_id) DO NOTHING RETURNING id, created_at)"
    " SELECT fresh.id, person.public_id, fresh.created_at, $11::int, $7::text, 0, person.id"
    "  FROM fresh CROSS JOIN person"
    " UNION ALL"
    " SELECT prior.id, coalesce(prior.public_id, ''), prior.created_at, prior.correct_count,"
    "  prior.game_type, 1, NULL::bigint FROM prior"};

// Columns as kSaveGame's answer (without `duplicate`).
inline const Sql kFindGame{
    "jm_find_game",
    "SELECT g.id, coalesce(u.public_id, ''), g.created_at, g.correct_count, g.game_type"
    " FROM games g LEFT JOIN users u ON u.id = g.user_id WHERE g.session_id = $1"};

inline const Sql kCountGames{"jm_count_games", "SELECT count(*) FROM games"};
// Server-judged games finished at or after $1 (the live feed's counters).
inline const Sql kCountFinishedGames{
    "jm_count_finished_games",
    "SELECT count(*) FROM games WHERE source = 'server' AND status = 'finished'"
    " AND finished_at >= $1"};

// A server-judged game starts 'active' with no finished_at. A known session_id is a
// unique violation (→ conflict).
// $1 session, $2 public id, $3 name, $4 sealed email, $5 index, $6 now, $7 game_type,
// $8 mode, $9 duration, $10 correct, $11 guesses, $12 score, $13 shared, $14 completed,
// $15 guesses_json, $16 metadata_json, $17 ip, $18 ua, $19 created, $20 state_json,
// $21 puzzle_number.
inline const Sql kCreateServerGame{
    "jm_create_server_game",
    "WITH " JM_PG_PERSON_UPSERT("$2", "$3", "$4", "$5", "$6", "") ","
    " g AS (INSERT INTO games(session_id, user_id, game_type, mode, source, status,"
    "  duration_seconds, correct_count, guess_count, score, shared_on_social, completed,"
    "  guesses_json, metadata_json, ip, user_agent, created_at, state_json, version,"
    "  puzzle_number)"
    "  SELECT $1::text, person.id, $7::text, $8::text, 'server', 'active', $9::int, $10::int,"
    "   $11::int, $12::int, $13::smallint, $14::smallint, $15::json, $16::json, $17::text,"
    "   $18::text, $19::bigint, $20::json, 0, $21::int FROM person RETURNING id, created_at)"
    " SELECT g.id, person.public_id, g.created_at FROM g CROSS JOIN person"};

// The version test is the whole concurrency story: of two requests that read version
// N, the first moves the row to N+1 and the second matches no row.
// RETURNING: the row as it was (the bump touches none of those), for the aggregates.
inline const Sql kBumpState{
    "jm_bump_state",
    "UPDATE games SET state_json = $1::json, version = version + 1"
    " WHERE session_id = $2 AND version = $3"
    " RETURNING id, status, mode, game_type, user_id, finished_at, correct_count,"
    "  duration_seconds, guess_count, shared_on_social"};

// The round as it was before an upsert, for the per-career aggregates.
inline const Sql kFindRound{
    "jm_find_round",
    "SELECT nfl_player_id, status, guess_count, teams_revealed FROM game_rounds"
    " WHERE game_id = $1::bigint AND round_index = $2::int"};

// No row inserted = no such career.
inline const Sql kUpsertRound{
    "jm_upsert_round",
    "INSERT INTO game_rounds(game_id, round_index, nfl_player_id, status, teams_revealed,"
    " hints_used, guess_count, points, guesses_json, started_at, ended_at)"
    " SELECT $1::bigint, $2::int, p.id, $4::text, $5::int, $6::int, $7::int, $8::int,"
    "  $9::json, $10::bigint, $11::bigint FROM nfl_players p WHERE p.name = $3::text"
    " ON CONFLICT (game_id, round_index) DO UPDATE SET"
    "  nfl_player_id = excluded.nfl_player_id, status = excluded.status,"
    "  teams_revealed = excluded.teams_revealed, hints_used = excluded.hints_used,"
    "  guess_count = excluded.guess_count, points = excluded.points,"
    "  guesses_json = excluded.guesses_json, started_at = excluded.started_at,"
    "  ended_at = excluded.ended_at RETURNING nfl_player_id"};

// A finished game keeps its first finished_at: marking it shared later must not move it
// into a newer leaderboard period.
inline const Sql kFinishGame{
    "jm_finish_game",
    "UPDATE games SET status = 'finished', finished_at = COALESCE(finished_at, $2::bigint),"
    " duration_seconds = $3::int, correct_count = $4::int, guess_count = $5::int,"
    " score = $6::int, guesses_json = $7::json, metadata_json = $8::json,"
    " completed = $9::smallint, shared_on_social = GREATEST(shared_on_social, $10::smallint)"
    " WHERE id = $1::bigint"};

// ---- Reads behind the public pages (same rules as the SQLite queries). ----

inline const Sql kGameState{
    "jm_game_state",
    "SELECT g.id, g.session_id, coalesce(u.public_id, ''), coalesce(u.name, ''), g.status,"
    " g.state_json, g.version FROM games g LEFT JOIN users u ON u.id = g.user_id"
    " WHERE g.session_id = $1 AND g.state_json IS NOT NULL"};

inline const Sql kLeaderboard{
    "jm_leaderboard",
    "SELECT u.public_id, u.name, sum(g.score) AS total, count(*),"
    " min(CASE WHEN g.correct_count > 0 THEN g.duration_seconds END) AS best"
    " FROM games g JOIN users u ON u.id = g.user_id"
    " WHERE g.source = 'server' AND g.status = 'finished' AND g.finished_at >= $1::bigint"
    "  AND ($2::text = '' OR g.mode = $2::text)"
    " GROUP BY u.id, u.public_id, u.name"
    " ORDER BY total DESC, best ASC NULLS LAST, u.name COLLATE \"C\", u.public_id"
    " LIMIT $3::bigint OFFSET $4::bigint"};

inline const Sql kSolvedDaily{
    "jm_solved_daily",
    "SELECT DISTINCT g.puzzle_number FROM games g JOIN users u ON u.id = g.user_id"
    " WHERE u.public_id = $1 AND g.source = 'server' AND g.status = 'finished'"
    "  AND g.mode = 'daily' AND g.correct_count > 0 AND g.puzzle_number IS NOT NULL"
    " ORDER BY g.puzzle_number"};

inline const Sql kHistory{
    "jm_history",
    "SELECT g.session_id, g.mode, coalesce(g.score, 0), g.correct_count, g.duration_seconds,"
    " g.puzzle_number, g.finished_at FROM games g JOIN users u ON u.id = g.user_id"
    " WHERE u.public_id = $1 AND g.source = 'server' AND g.status = 'finished'"
    " ORDER BY g.finished_at DESC, g.id DESC LIMIT $2::bigint"};

// Counts and histogram in one statement, so both describe the same snapshot.
inline const Sql kDailyStats{
    "jm_daily_stats",
    "WITH f AS (SELECT g.id, g.correct_count FROM games g"
    "  WHERE g.mode = 'daily' AND g.puzzle_number = $1::int AND g.source = 'server'"
    "   AND g.status = 'finished')"
    " SELECT -1, count(*), count(*) FILTER (WHERE correct_count > 0) FROM f"
    " UNION ALL"
    " SELECT r.teams_revealed, count(*), 0 FROM f"
    "  JOIN game_rounds r ON r.game_id = f.id AND r.round_index = 0"
    "  WHERE f.correct_count > 0 GROUP BY r.teams_revealed"
    " ORDER BY 1"};

}  // namespace jm::store::postgres::sql

#undef JM_PG_PERSON_UPSERT
