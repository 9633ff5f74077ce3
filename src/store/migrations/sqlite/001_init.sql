-- 001_init: the core schema, SQLite dialect.
-- Conventions: timestamps are INTEGER Unix milliseconds (UTC); booleans are INTEGER 0/1;
-- *_json columns hold JSON text, checked with json_valid() (cheap at the sizes we store).
-- Runs inside one transaction (the migrator's), so no BEGIN/COMMIT or PRAGMAs here.

-- A visitor who gives a name and an email is a users row without a password; an
-- account is the same row with password_hash set, so it keeps the visitor's games.
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  public_id     TEXT    NOT NULL UNIQUE CHECK (length(public_id) = 36),
  name          TEXT    NOT NULL DEFAULT '',
  -- NOCASE: one person, one row, however the address was capitalised.
  email         TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (length(email) BETWEEN 3 AND 320),
  password_hash TEXT,
  role          TEXT    NOT NULL DEFAULT 'player' CHECK (role IN ('player', 'analyst', 'admin')),
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);

CREATE TABLE teams (
  code            TEXT PRIMARY KEY CHECK (length(code) BETWEEN 2 AND 4),
  name            TEXT NOT NULL,
  city            TEXT NOT NULL,
  nickname        TEXT NOT NULL,
  conference      TEXT NOT NULL CHECK (conference IN ('AFC', 'NFC')),
  division        TEXT NOT NULL,
  primary_color   TEXT NOT NULL,
  secondary_color TEXT NOT NULL,
  trim_color      TEXT,
  data_json       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data_json))  -- eras, former names
) WITHOUT ROWID;

CREATE TABLE nfl_players (
  id             INTEGER PRIMARY KEY,
  name           TEXT    NOT NULL UNIQUE,
  position       TEXT,
  college        TEXT,
  height         TEXT,  -- as displayed, e.g. '6-1'
  draft_year     INTEGER,
  draft_round    INTEGER CHECK (draft_round IS NULL OR draft_round >= 1),
  draft_pick     INTEGER CHECK (draft_pick IS NULL OR draft_pick >= 1),
  accolades_json TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(accolades_json))
);

-- One row per team spell in a career, in career order (seq).
CREATE TABLE stints (
  id            INTEGER PRIMARY KEY,
  nfl_player_id INTEGER NOT NULL REFERENCES nfl_players(id) ON DELETE CASCADE,
  seq           INTEGER NOT NULL CHECK (seq >= 0),
  team_code     TEXT    NOT NULL REFERENCES teams(code),
  team_name     TEXT    NOT NULL,
  from_year     INTEGER NOT NULL,
  to_year       INTEGER NOT NULL,
  number        INTEGER,
  stats_json    TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(stats_json)),
  awards_json   TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(awards_json)),
  CHECK (to_year >= from_year),
  UNIQUE (nfl_player_id, seq)
);
CREATE INDEX stints_team_code ON stints(team_code);

-- One row per played game. user_id becomes NULL when the player is erased (GDPR):
-- the anonymous result still counts in aggregates.
CREATE TABLE games (
  id               INTEGER PRIMARY KEY,
  session_id       TEXT    NOT NULL UNIQUE CHECK (length(session_id) BETWEEN 1 AND 200),
  user_id          INTEGER REFERENCES users(id) ON DELETE SET NULL,
  game_type        TEXT    NOT NULL DEFAULT 'journeyman',
  mode             TEXT    NOT NULL CHECK (mode IN ('easy', 'challenge', 'daily', 'practice')),
  source           TEXT    NOT NULL DEFAULT 'client' CHECK (source IN ('client', 'server')),
  status           TEXT    NOT NULL DEFAULT 'finished' CHECK (status IN ('active', 'finished')),
  duration_seconds INTEGER CHECK (duration_seconds IS NULL OR duration_seconds >= 0),
  correct_count    INTEGER CHECK (correct_count IS NULL OR correct_count >= 0),
  guess_count      INTEGER NOT NULL DEFAULT 0 CHECK (guess_count >= 0),
  score            INTEGER NOT NULL DEFAULT 0,
  shared_on_social INTEGER NOT NULL DEFAULT 0 CHECK (shared_on_social IN (0, 1)),
  completed        INTEGER NOT NULL DEFAULT 0 CHECK (completed IN (0, 1)),
  guesses_json     TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(guesses_json)),
  metadata_json    TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(metadata_json)),
  ip               TEXT,
  user_agent       TEXT,
  created_at       INTEGER NOT NULL,
  finished_at      INTEGER
);
CREATE INDEX games_created_at ON games(created_at);
CREATE INDEX games_user_id ON games(user_id);
CREATE INDEX games_mode_created_at ON games(mode, created_at);

-- One row per puzzle inside a game.
CREATE TABLE game_rounds (
  id             INTEGER PRIMARY KEY,
  game_id        INTEGER NOT NULL REFERENCES games(id) ON DELETE CASCADE,
  round_index    INTEGER NOT NULL CHECK (round_index >= 0),
  nfl_player_id  INTEGER NOT NULL REFERENCES nfl_players(id),
  status         TEXT    NOT NULL DEFAULT 'active'
                   CHECK (status IN ('active', 'won', 'lost', 'skipped')),
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
CREATE INDEX game_rounds_nfl_player_id ON game_rounds(nfl_player_id);

-- Who did what, kept after a user is erased: actor is a public id or 'system',
-- deliberately not a foreign key.
CREATE TABLE audit_logs (
  id            INTEGER PRIMARY KEY,
  actor         TEXT    NOT NULL,
  action        TEXT    NOT NULL,
  resource_type TEXT,
  resource_id   TEXT,
  ip            TEXT,
  user_agent    TEXT,
  status        TEXT    NOT NULL DEFAULT 'success',
  request_id    TEXT,
  details_json  TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(details_json)),
  created_at    INTEGER NOT NULL
);
CREATE INDEX audit_logs_created_at ON audit_logs(created_at);

-- Background work survives crashes because it is a row, not a thread.
CREATE TABLE jobs (
  id           INTEGER PRIMARY KEY,
  kind         TEXT    NOT NULL,
  payload_json TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(payload_json)),
  status       TEXT    NOT NULL DEFAULT 'queued'
                 CHECK (status IN ('queued', 'running', 'done', 'failed')),
  attempts     INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  run_after    INTEGER NOT NULL,
  locked_by    TEXT,
  locked_at    INTEGER,
  last_error   TEXT,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX jobs_status_run_after ON jobs(status, run_after);
