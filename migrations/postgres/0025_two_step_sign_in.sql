-- Two-step sign-in with an authenticator app (TOTP, RFC 6238).

-- One authenticator per account. The secret is sealed with the
-- key-encryption key (AES-256-GCM, the account id bound to it); it must be
-- readable to check codes, so it cannot be hashed. Until `confirmed_at` is
-- set the person is still setting it up and sign-in does not ask for it.
CREATE TABLE totp_factors (
    account_id    TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    secret_sealed TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    confirmed_at  BIGINT,
    -- The time step of the last code accepted: a code works once.
    last_step     BIGINT
);

-- Ten single-use codes for a lost phone, kept as SHA-256 hashes.
CREATE TABLE recovery_codes (
    code_hash   TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX recovery_codes_account ON recovery_codes (account_id);

-- A correct password waiting for its second step: the browser holds the
-- token (a short-lived cookie), the table its hash. Five wrong codes or
-- five minutes end it.
CREATE TABLE sign_in_challenges (
    id_hash     TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    failures    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sign_in_challenges_account ON sign_in_challenges (account_id);
CREATE INDEX sign_in_challenges_expires_at ON sign_in_challenges (expires_at);

-- How the person proved who they are, as ID tokens' `amr` says it
-- (space-separated RFC 8176 values): `pwd`, or `pwd otp`.
ALTER TABLE sessions ADD COLUMN amr TEXT NOT NULL DEFAULT 'pwd';
-- When the session last took a code: changes that hand out keys (secrets,
-- API keys, signing keys, roles) want one from the last 10 minutes.
ALTER TABLE sessions ADD COLUMN second_factor_at BIGINT;
ALTER TABLE grants ADD COLUMN amr TEXT NOT NULL DEFAULT 'pwd';
