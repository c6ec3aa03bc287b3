-- Passkeys (WebAuthn credentials) people sign in with.

-- One passkey of an account. `credential_id` is the authenticator's id
-- for it (base64url); `passkey` is webauthn-rs's record of it as JSON
-- (public key, signature counter, flags: nothing secret). `discoverable`:
-- the authenticator keeps it (it signs in without an email typed first);
-- `synced`: it is backed up across the person's devices (`amr` `swk`,
-- else `hwk`).
CREATE TABLE passkeys (
    credential_id  TEXT PRIMARY KEY,
    account_id     TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    passkey        TEXT NOT NULL,
    discoverable   INTEGER NOT NULL DEFAULT 1 CHECK (discoverable IN (0, 1)),
    synced         INTEGER NOT NULL DEFAULT 0 CHECK (synced IN (0, 1)),
    created_at     BIGINT NOT NULL,
    last_used_at   BIGINT
);
CREATE INDEX passkeys_by_account ON passkeys (account_id, created_at);

-- A registration, sign-in or second step under way: found by the hash of
-- the token the page holds, with webauthn-rs's state for it as JSON (the
-- challenge the authenticator must sign). Any replica finishes it, once.
-- `account_id`: whose passkey is being added, or whose sign-in waits for
-- its second step; none for a sign-in with a passkey alone.
CREATE TABLE passkey_ceremonies (
    token_hash  TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('register', 'sign_in', 'second_step')),
    account_id  TEXT REFERENCES accounts (id) ON DELETE CASCADE,
    state       TEXT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX passkey_ceremonies_by_expiry ON passkey_ceremonies (expires_at);
