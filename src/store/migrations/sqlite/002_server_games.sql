-- 002_server_games: games judged by the server keep their engine state in the row, so
-- any instance can continue a game; NFL careers keep their canonical record.

-- state_json is the engine's serialised GameState (NULL for client-reported games);
-- version is bumped by every update, for optimistic concurrency between requests.
ALTER TABLE games ADD COLUMN state_json TEXT CHECK (state_json IS NULL OR json_valid(state_json));
ALTER TABLE games ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
-- The daily puzzle a game played; NULL for other modes and for archive replays, so
-- "solved puzzles" and the per-puzzle stats count each day's real attempt only.
ALTER TABLE games ADD COLUMN puzzle_number INTEGER;
CREATE INDEX games_mode_puzzle_number ON games(mode, puzzle_number);
-- The leaderboard scans finished server games by time.
CREATE INDEX games_source_status_finished_at ON games(source, status, finished_at);

-- The record the game engine loads, exactly as imported; also what upsert_nfl compares
-- to leave an unchanged career untouched.
ALTER TABLE nfl_players ADD COLUMN career_json TEXT
  CHECK (career_json IS NULL OR json_valid(career_json));

-- game_rounds.status takes the engine's values. SQLite cannot alter a CHECK, so the
-- table is rebuilt (it holds no rows yet, but copy anyway so a dev database survives).
CREATE TABLE game_rounds_v2 (
  id             INTEGER PRIMARY KEY,
  game_id        INTEGER NOT NULL REFERENCES games(id) ON DELETE CASCADE,
  round_index    INTEGER NOT NULL CHECK (round_index >= 0),
  nfl_player_id  INTEGER NOT NULL REFERENCES nfl_players(id),
  status         TEXT    NOT NULL DEFAULT 'playing'
                   CHECK (status IN ('playing', 'solved', 'failed')),
  teams_revealed INTEGER NOT NULL DEFAULT 0 CHECK (teams_revealed >= 0),
  hints_used     INTEGER NOT NULL DEFAULT 0 CHECK (hints_used >= 0),
  guess_count    INTEGER NOT NULL DEFAULT 0 CHECK (guess_count >= 0),
  points         INTEGER NOT NULL DEFAULT 0,
  guesses_json   TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(guesses_json)),
  started_at     INTEGER NOT NULL,
  ended_at       INTEGER,
  UNIQUE (game_id, nfl_player_id),
  UNIQUE (game_id, round_index)
);
INSERT INTO game_rounds_v2
  SELECT id, game_id, round_index, nfl_player_id,
         CASE status WHEN 'won' THEN 'solved' WHEN 'active' THEN 'playing' ELSE 'failed' END,
         teams_revealed, hints_used, guess_count, points, guesses_json, started_at, ended_at
  FROM game_rounds;
DROP TABLE game_rounds;
ALTER TABLE game_rounds_v2 RENAME TO game_rounds;
CREATE INDEX game_rounds_nfl_player_id ON game_rounds(nfl_player_id);
