-- 003_accounts: accounts, credentials, consents, GDPR bookkeeping and job results.
-- Runs with foreign_keys OFF (the migrator checks foreign_key_check before COMMIT), so
-- rebuilding users below does not null the games that reference it.

-- users: the e-mail is now stored sealed by the store's PiiCodec and found through a
-- keyed blind index. SQLite cannot drop NOT NULL/UNIQUE from a column, so the table is
-- rebuilt. Rows written before this migration keep their plain e-mail (the codec opens
-- plain text unchanged) and get a 'legacy:' placeholder index, which SqliteStore
-- replaces with the codec's blind index right after migrating; reseal_personal_data
-- later seals the plain addresses.
CREATE TABLE users_v3 (
  id                  INTEGER PRIMARY KEY,
  public_id           TEXT    NOT NULL UNIQUE CHECK (length(public_id) = 36),
  name                TEXT    NOT NULL DEFAULT '',
  email               TEXT,   -- sealed envelope (or plain text from before encryption)
  email_index         TEXT    NOT NULL UNIQUE,
  email_verified      INTEGER NOT NULL DEFAULT 0 CHECK (email_verified IN (0, 1)),
  password_hash       TEXT,
  role                TEXT    NOT NULL DEFAULT 'player' CHECK (role IN ('player', 'analyst', 'admin')),
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL,
  account_created_at  INTEGER,  -- when the visitor row became an account
  last_login_at       INTEGER,
  failed_logins       INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  failed_window_start INTEGER,  -- start of the lockout policy's counting window
  locked_until        INTEGER
);
INSERT INTO users_v3(id, public_id, name, email, email_index, password_hash, role, created_at,
                     updated_at, account_created_at)
  SELECT id, public_id, name, lower(email), 'legacy:' || lower(email), password_hash, role,
         created_at, updated_at, CASE WHEN password_hash IS NOT NULL THEN created_at END
  FROM users;
DROP TABLE users;
ALTER TABLE users_v3 RENAME TO users;

-- Machine credentials. Only the hash of a key is stored; key_id is its public prefix.
CREATE TABLE api_keys (
  id           INTEGER PRIMARY KEY,
  key_id       TEXT    NOT NULL UNIQUE,
  name         TEXT    NOT NULL,
  role         TEXT    NOT NULL CHECK (role IN ('analyst', 'admin')),
  secret_hash  TEXT    NOT NULL,
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at   INTEGER
);

-- Refresh tokens (hashed). Every rotation of one login shares family_id, so a reused
-- (already rotated) token can revoke the whole family.
CREATE TABLE sessions (
  id         INTEGER PRIMARY KEY,
  token_hash TEXT    NOT NULL UNIQUE,
  family_id  TEXT    NOT NULL,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  status     TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'rotated', 'revoked')),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  rotated_at INTEGER,
  ip         TEXT,
  user_agent TEXT
);
CREATE INDEX sessions_family_id ON sessions(family_id);
CREATE INDEX sessions_user_id ON sessions(user_id);
CREATE INDEX sessions_expires_at ON sessions(expires_at);

-- Consent history: every change is a new row; a revoke sets withdrawn_at on the grant
-- it closes.
CREATE TABLE user_consents (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  consent_type TEXT    NOT NULL
                 CHECK (consent_type IN ('essential', 'analytics', 'marketing', 'third_party')),
  status       TEXT    NOT NULL CHECK (status IN ('granted', 'denied', 'revoked')),
  recorded_at  INTEGER NOT NULL,
  withdrawn_at INTEGER,
  ip           TEXT,
  user_agent   TEXT
);
CREATE INDEX user_consents_user_type ON user_consents(user_id, consent_type);
CREATE INDEX user_consents_type_recorded_at ON user_consents(consent_type, recorded_at);

-- Proof that an erasure happened, without the person: subject_ref is a keyed hash of
-- the erased public id, counts_json what was removed.
CREATE TABLE data_deletions (
  id           INTEGER PRIMARY KEY,
  public_id    TEXT    NOT NULL UNIQUE,
  subject_ref  TEXT    NOT NULL,
  requested_by TEXT    NOT NULL,
  request_id   TEXT,
  counts_json  TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(counts_json)),
  created_at   INTEGER NOT NULL
);

-- Jobs get a public id for the API, a result (an export, a report), an owner who may
-- read it, and an expiry for that result.
ALTER TABLE jobs ADD COLUMN public_id TEXT;
ALTER TABLE jobs ADD COLUMN result_json TEXT CHECK (result_json IS NULL OR json_valid(result_json));
ALTER TABLE jobs ADD COLUMN owner_public_id TEXT;
ALTER TABLE jobs ADD COLUMN expires_at INTEGER;
UPDATE jobs SET public_id = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' ||
  substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) ||
  substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
CREATE UNIQUE INDEX jobs_public_id ON jobs(public_id);
CREATE INDEX jobs_owner_public_id ON jobs(owner_public_id);
CREATE INDEX jobs_expires_at ON jobs(expires_at);

-- audit_logs: who acted in which role, and the HTTP status of the request (0 for
-- actions outside HTTP). The old text `status` stays, derived from it.
ALTER TABLE audit_logs ADD COLUMN actor_role TEXT;
ALTER TABLE audit_logs ADD COLUMN http_status INTEGER NOT NULL DEFAULT 0;
CREATE INDEX audit_logs_actor ON audit_logs(actor);
CREATE INDEX audit_logs_resource ON audit_logs(resource_type, resource_id);
CREATE INDEX audit_logs_action ON audit_logs(action);
