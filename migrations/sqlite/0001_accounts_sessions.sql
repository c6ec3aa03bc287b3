-- Accounts, browser sessions and first-admin setup links.
-- Times are Unix seconds (BIGINT) and ids TEXT so the same queries run on
-- SQLite and PostgreSQL.

CREATE TABLE accounts (
    id             TEXT PRIMARY KEY,
    -- Lower-cased at the boundary, so UNIQUE means one account per mailbox.
    email          TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    -- argon2id PHC string; never the password.
    password_hash  TEXT NOT NULL,
    -- Flags are 0/1 integers, not BOOLEAN: sqlx's Any driver cannot read
    -- SQLite booleans, and one set of queries serves both databases.
    is_developer   INTEGER NOT NULL DEFAULT 0 CHECK (is_developer IN (0, 1)),
    is_admin       INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    -- 64 hex chars, assigned once when the account first becomes a developer.
    client_prefix  TEXT UNIQUE,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

CREATE TABLE sessions (
    -- SHA-256 of the cookie value: a leaked table does not leak sessions.
    id_hash     TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX sessions_account_id ON sessions (account_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE setup_links (
    token_hash  TEXT PRIMARY KEY,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
