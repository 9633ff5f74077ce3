-- Fewer index entries per client-reported game, the hottest write (POST /api/game-data).
-- games_mode_created_at served no query: the period reports filter mode as
-- "(param = '' OR mode = param)", which neither planner can match to an index column, and
-- read games_created_at. The puzzle and finished-server-game lookups only ever ask for
-- source = 'server', so their indexes now hold only server-judged games: a client save
-- writes five index entries instead of eight.
DROP INDEX games_mode_created_at;
DROP INDEX games_mode_puzzle_number;
DROP INDEX games_source_status_finished_at;
CREATE INDEX games_server_mode_puzzle_number ON games(mode, puzzle_number)
  WHERE source = 'server';
CREATE INDEX games_server_status_finished_at ON games(status, finished_at)
  WHERE source = 'server';
