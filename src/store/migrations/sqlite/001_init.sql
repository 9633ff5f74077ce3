CREATE TABLE IF NOT EXISTS placeholder_bootstrap(x INTEGER);
