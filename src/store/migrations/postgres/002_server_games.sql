-- 002_server_games (mirrors migrations/sqlite/002_server_games.sql): games judged by the
-- server keep their engine state in the row, so any instance can continue a game; NFL
-- careers keep their canonical record.

-- state_json is the engine's serialised GameState (NULL for client-reported games);
-- version is bumped by every update, for optimistic concurrency between requests.
ALTER TABLE games ADD COLUMN state_json JSON;
ALTER TABLE games ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
-- The daily puzzle a game played; NULL for other modes and for archive replays, so
-- "solved puzzles" and the per-puzzle stats count each day's real attempt only.
ALTER TABLE games ADD COLUMN puzzle_number INTEGER;
CREATE INDEX games_mode_puzzle_number ON games(mode, puzzle_number);
-- The leaderboard scans finished server games by time.
CREATE INDEX games_source_status_finished_at ON games(source, status, finished_at);

-- The record the game engine loads, exactly as imported; also what upsert_nfl compares
-- to leave an unchanged career untouched.
ALTER TABLE nfl_players ADD COLUMN career_json JSON;

-- game_rounds.status takes the engine's values (PostgreSQL can alter a CHECK in place,
-- where SQLite has to rebuild the table).
ALTER TABLE game_rounds DROP CONSTRAINT game_rounds_status_check;
UPDATE game_rounds SET status = CASE status WHEN 'won' THEN 'solved'
                                            WHEN 'active' THEN 'playing'
                                            ELSE 'failed' END;
ALTER TABLE game_rounds ALTER COLUMN status SET DEFAULT 'playing';
ALTER TABLE game_rounds ADD CONSTRAINT game_rounds_status_check
  CHECK (status IN ('playing', 'solved', 'failed'));
