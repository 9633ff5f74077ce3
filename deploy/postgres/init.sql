-- Runs once, when the PostgreSQL volume is first initialised (docker-entrypoint-initdb.d).
-- Tables are created by the server's migrations, not here.
-- Role-level settings apply to every server connection PgBouncer opens; session SETs would
-- not survive transaction pooling. 30 s as the original's statement_timeout.
ALTER ROLE journeyman SET statement_timeout = '30s';
ALTER ROLE journeyman SET idle_in_transaction_session_timeout = '60s';
