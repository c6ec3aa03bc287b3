-- A passkey also confirms it is the person before a change that hands out
-- keys ("step_up"). Ceremonies live six minutes and hold nothing worth
-- keeping, so the table is made again with the new kind allowed.
DROP TABLE passkey_ceremonies;

-- A registration, sign-in, second step or step-up under way: found by the
-- hash of the token the page holds, with webauthn-rs's state for it as
-- JSON (the challenge the authenticator must sign). Any replica finishes
-- it, once. `account_id`: whose passkey is being added or asked for; none
-- for a sign-in with a passkey alone.
CREATE TABLE passkey_ceremonies (
    token_hash  TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('register', 'sign_in', 'second_step', 'step_up')),
    account_id  TEXT REFERENCES accounts (id) ON DELETE CASCADE,
    state       TEXT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX passkey_ceremonies_by_expiry ON passkey_ceremonies (expires_at);
