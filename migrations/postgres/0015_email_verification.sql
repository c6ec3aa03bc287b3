-- Email verification: an account proves its address by opening a link
-- (only the SHA-256 of its 256-bit token is kept). Accounts from before
-- this version are taken as verified, as they were trusted until now.
ALTER TABLE accounts ADD COLUMN email_verified_at BIGINT;
UPDATE accounts SET email_verified_at = created_at;

CREATE TABLE email_verifications (
    token_hash  TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX email_verifications_account_id ON email_verifications (account_id);
