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

// Saves client-reported games, many rows in one statement: each parameter is an array
// with one element per game (array_columns), in this order: $1 session, $2 new public id,
// $3 name, $4 sealed email, $5 email index, $6 now, $7 game_type, $8 mode, $9 source,
// $10 duration, $11 correct, $12 guesses, $13 score, $14 shared, $15 completed,
// $16 guesses_json, $17 metadata_json, $18 ip, $19 ua, $20 created_at, $21 the metadata to
// keep instead of $17, with no user agent, when the player's latest analytics consent is not
// 'granted' (NULL: always $17; see NewGame). The group-commit writer merges a batch's saves
// into one call: per-statement work (plan, constraint set-up, executor start, protocol)
// then happens once per batch instead of once per game.
// Idempotent by session_id, with the answers one statement per game would give in input
// order: a session_id stored earlier touches nothing (not even the player's name) and
// answers with the first result (duplicate = 1); of several inputs with one new session_id
// the first is written and the others are its duplicates; the last non-empty name of a
// player wins. No row for an input means another instance inserted its session_id
// concurrently; the writer then reads that row back. A fresh insert moves the analytics
// aggregates (aggregate_events.hpp), which the writer sums over its batch.
// Answer per input: id, public id, created_at, correct_count, game_type (as kFindGame),
// duplicate, user id, ord (the input's 1-based position).
inline const Sql kSaveGames{
    "jm_save_games",
    "WITH input AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[],"
    "  $5::text[], $6::bigint[], $7::text[], $8::text[], $9::text[], $10::int[], $11::int[],"
    "  $12::int[], $13::int[], $14::smallint[], $15::smallint[], $16::text[], $17::text[],"
    "  $18::text[], $19::text[], $20::bigint[], $21::text[])"
    "  WITH ORDINALITY AS t(session_id, public_id, name, email, email_index, now, game_type,"
    "   mode, source, duration, correct, guesses, score, shared, completed, guesses_json,"
    "   metadata_json, ip, ua, created, metadata_alt, ord)),"
    " prior AS (SELECT g.session_id, g.id, u.public_id, g.created_at, g.correct_count,"
    "  g.game_type FROM games g LEFT JOIN users u ON u.id = g.user_id"
    "  WHERE g.session_id IN (SELECT session_id FROM input)),"
    " news AS (SELECT DISTINCT ON (i.session_id) i.* FROM input i"
    "  WHERE NOT EXISTS (SELECT 1 FROM prior p WHERE p.session_id = i.session_id)"
    "  ORDER BY i.session_id, i.ord),"
    " person AS (INSERT INTO users(public_id, name, email, email_index, created_at, updated_at)"
    "  SELECT DISTINCT ON (email_index) public_id, name, email, email_index, now, now FROM news"
    "  ORDER BY email_index, (name <> '') DESC, ord DESC"
    "  ON CONFLICT (email_index) DO UPDATE SET"
    "   name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE users.name END,"
    "   updated_at = excluded.updated_at"
    "  RETURNING id, public_id, email_index),"
    " fresh AS (INSERT INTO games(session_id, user_id, game_type, mode, source, status,"
    "  duration_seconds, correct_count, guess_count, score, shared_on_social, completed,"
    "  guesses_json, metadata_json, ip, user_agent, created_at, finished_at)"
    "  SELECT n.session_id, p.id, n.game_type, n.mode, n.source, 'finished', n.duration,"
    "   n.correct, n.guesses, n.score, n.shared, n.completed, n.guesses_json::json,"
    "   (CASE WHEN consent.withdrawn THEN n.metadata_alt ELSE n.metadata_json END)::json, n.ip,"
    "   CASE WHEN consent.withdrawn THEN NULL ELSE n.ua END, n.created, n.created"
    "  FROM news n JOIN person p ON p.email_index = n.email_index"
    "  LEFT JOIN LATERAL (SELECT c.status <> 'granted' AS withdrawn FROM user_consents c"
    "   WHERE n.metadata_alt IS NOT NULL AND c.user_id = p.id"
    "   AND c.consent_type = 'analytics' ORDER BY c.id DESC LIMIT 1) consent ON true"
    "  ORDER BY n.ord"
    "  ON CONFLICT (session_id) DO NOTHING RETURNING id, session_id, created_at, user_id)"
    " SELECT f.id, p.public_id, f.created_at, n.correct, n.game_type,"
    "  CASE WHEN i.ord = n.ord THEN 0 ELSE 1 END, f.user_id, i.ord"
    "  FROM input i JOIN fresh f ON f.session_id = i.session_id"
    "  JOIN news n ON n.session_id = i.session_id JOIN person p ON p.id = f.user_id"
    " UNION ALL"
    " SELECT pr.id, coalesce(pr.public_id, ''), pr.created_at, pr.correct_count,"
    "  pr.game_type, 1, NULL, i.ord FROM input i JOIN prior pr ON pr.session_id = i.session_id"};

// Columns as kSaveGames' answer (without `duplicate`).
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
