-- Messages to send (emails now, webhook deliveries later), written in the
-- transaction of the change that caused them, so a crash loses none. Each
-- replica's worker claims due rows with a lease, sends them and marks them
-- sent; failures come back with exponential backoff for 24 hours, then
-- stay as failed for admins to see.
CREATE TABLE outbox (
    id            TEXT PRIMARY KEY,
    -- `email`.
    kind          TEXT NOT NULL,
    -- Who it goes to and what about, for the admins' list (no secrets).
    recipient     TEXT NOT NULL,
    subject       TEXT NOT NULL,
    -- The whole message, sealed with the key-encryption key (it can hold
    -- a one-time link); emptied once sent.
    sealed_body   TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    due_at        BIGINT NOT NULL,
    attempts      BIGINT NOT NULL DEFAULT 0,
    leased_by     TEXT,
    leased_until  BIGINT,
    sent_at       BIGINT,
    failed_at     BIGINT,
    last_error    TEXT
);
CREATE INDEX outbox_due ON outbox (due_at) WHERE sent_at IS NULL AND failed_at IS NULL;

-- Password reset links: only the SHA-256 of the 256-bit token is kept.
CREATE TABLE password_resets (
    token_hash  TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX password_resets_account_id ON password_resets (account_id);
