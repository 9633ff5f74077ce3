-- 004_analytics_aggregates: aggregate tables the game writes keep current in the same
-- transaction (store/sqlite/aggregate_writer.cpp, store/postgres/pg_aggregates.cpp),
-- so analytics never scan raw games.
-- `rebuild_aggregates` recomputes them all from games and game_rounds. Days are UTC days
-- since 1970-01-01 (finished_at / 86400000); months are UTC 'YYYY-MM'.

-- Per game type and month of finishing: finished games and distinct players (the
-- original's game_statistics materialized view).
CREATE TABLE agg_monthly (
  game_type TEXT    NOT NULL,
  month     TEXT    NOT NULL CHECK (length(month) = 7),
  games     INTEGER NOT NULL DEFAULT 0,
  players   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (game_type, month)
) WITHOUT ROWID;

-- Who counted as a player of a month, so a second game does not count twice. Erasing a
-- user deletes their rows (ON DELETE CASCADE); the counts above stay, anonymised.
CREATE TABLE agg_month_players (
  game_type TEXT    NOT NULL,
  month     TEXT    NOT NULL,
  user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (game_type, month, user_id)
) WITHOUT ROWID;
CREATE INDEX agg_month_players_user_id ON agg_month_players(user_id);

-- Per UTC day and mode. started counts by the day a game was created, everything else
-- by the day it finished; a client-reported game is both at once.
CREATE TABLE agg_daily (
  day            INTEGER NOT NULL,
  mode           TEXT    NOT NULL,
  started        INTEGER NOT NULL DEFAULT 0,
  finished       INTEGER NOT NULL DEFAULT 0,
  solved         INTEGER NOT NULL DEFAULT 0,  -- finished with correct_count > 0
  correct_sum    INTEGER NOT NULL DEFAULT 0,
  guess_sum      INTEGER NOT NULL DEFAULT 0,
  duration_sum   INTEGER NOT NULL DEFAULT 0,  -- seconds, over games with a duration
  duration_count INTEGER NOT NULL DEFAULT 0,
  shares         INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, mode)
) WITHOUT ROWID;

-- Finished games per duration bucket; the bucket bounds are fixed in
-- store/analytics_types.hpp (kDurationBucketUpper) and p50/p90 are read from them.
CREATE TABLE agg_daily_duration (
  day    INTEGER NOT NULL,
  mode   TEXT    NOT NULL,
  bucket INTEGER NOT NULL CHECK (bucket BETWEEN 0 AND 16),
  games  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, mode, bucket)
) WITHOUT ROWID;

-- Per NFL career over every round of a server game (lifetime, not per day).
CREATE TABLE agg_careers (
  nfl_player_id    INTEGER PRIMARY KEY,
  shown            INTEGER NOT NULL DEFAULT 0,
  solved           INTEGER NOT NULL DEFAULT 0,
  guess_sum        INTEGER NOT NULL DEFAULT 0,
  teams_solved_sum INTEGER NOT NULL DEFAULT 0  -- teams revealed, over solved rounds
);

-- "Distinct players who finished a game in a range" reads raw games by this index.
CREATE INDEX games_finished_at ON games(finished_at);

-- Backfill from the rows already there (the same SQL as rebuild_aggregates).
INSERT INTO agg_daily(day, mode, started, finished, solved, correct_sum, guess_sum,
                      duration_sum, duration_count, shares)
  SELECT day, mode, sum(started), sum(finished), sum(solved), sum(correct), sum(guesses),
         sum(dsum), sum(dcount), sum(shares)
  FROM (SELECT created_at / 86400000 AS day, mode, 1 AS started, 0 AS finished, 0 AS solved,
               0 AS correct, 0 AS guesses, 0 AS dsum, 0 AS dcount, 0 AS shares FROM games
        UNION ALL
        SELECT finished_at / 86400000, mode, 0, 1,
               CASE WHEN coalesce(correct_count, 0) > 0 THEN 1 ELSE 0 END,
               coalesce(correct_count, 0), guess_count, coalesce(duration_seconds, 0),
               CASE WHEN duration_seconds IS NULL THEN 0 ELSE 1 END, shared_on_social
        FROM games WHERE status = 'finished' AND finished_at IS NOT NULL) AS g
  GROUP BY day, mode;
INSERT INTO agg_daily_duration(day, mode, bucket, games)
  SELECT finished_at / 86400000, mode,
         CASE WHEN duration_seconds <= 10 THEN 0 WHEN duration_seconds <= 20 THEN 1
              WHEN duration_seconds <= 30 THEN 2 WHEN duration_seconds <= 45 THEN 3
              WHEN duration_seconds <= 60 THEN 4 WHEN duration_seconds <= 90 THEN 5
              WHEN duration_seconds <= 120 THEN 6 WHEN duration_seconds <= 180 THEN 7
              WHEN duration_seconds <= 240 THEN 8 WHEN duration_seconds <= 300 THEN 9
              WHEN duration_seconds <= 420 THEN 10 WHEN duration_seconds <= 600 THEN 11
              WHEN duration_seconds <= 900 THEN 12 WHEN duration_seconds <= 1200 THEN 13
              WHEN duration_seconds <= 1800 THEN 14 WHEN duration_seconds <= 3600 THEN 15
              ELSE 16 END AS bucket, count(*)
  FROM games WHERE status = 'finished' AND finished_at IS NOT NULL
   AND duration_seconds IS NOT NULL
  GROUP BY 1, 2, 3;
INSERT INTO agg_month_players(game_type, month, user_id)
  SELECT DISTINCT game_type, strftime('%Y-%m', finished_at / 1000, 'unixepoch'), user_id
  FROM games WHERE status = 'finished' AND finished_at IS NOT NULL AND user_id IS NOT NULL;
INSERT INTO agg_monthly(game_type, month, games, players)
  SELECT game_type, strftime('%Y-%m', finished_at / 1000, 'unixepoch') AS month, count(*),
         count(DISTINCT user_id)
  FROM games WHERE status = 'finished' AND finished_at IS NOT NULL
  GROUP BY 1, 2;
INSERT INTO agg_careers(nfl_player_id, shown, solved, guess_sum, teams_solved_sum)
  SELECT nfl_player_id, count(*), sum(CASE WHEN status = 'solved' THEN 1 ELSE 0 END),
         sum(guess_count), sum(CASE WHEN status = 'solved' THEN teams_revealed ELSE 0 END)
  FROM game_rounds GROUP BY nfl_player_id;
