-- Upstream OpenID providers people can sign in with ("Sign in with …").

-- One upstream provider. `id` names it in addresses (/login/with/{id});
-- the client secret Portico authenticates with is sealed like signing
-- keys. `scopes` and `allowed_domains` are space separated (no domains:
-- any); `new_accounts` is what an account made at a first sign-in gets.
-- `from_config`: written by the config file at start (read-only on the
-- admin page).
CREATE TABLE identity_providers (
    id                    TEXT PRIMARY KEY,
    display_name          TEXT NOT NULL,
    issuer                TEXT NOT NULL,
    client_id             TEXT NOT NULL,
    sealed_client_secret  TEXT NOT NULL,
    scopes                TEXT NOT NULL,
    allowed_domains       TEXT NOT NULL DEFAULT '',
    new_accounts          TEXT NOT NULL DEFAULT 'end_user' CHECK (new_accounts IN ('end_user', 'developer')),
    enabled               INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    from_config           INTEGER NOT NULL DEFAULT 0 CHECK (from_config IN (0, 1)),
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL
);

-- An upstream identity linked to an account: (issuer, subject) is the
-- identity, whatever its email says later.
CREATE TABLE upstream_identities (
    issuer        TEXT NOT NULL,
    subject       TEXT NOT NULL,
    provider_id   TEXT NOT NULL REFERENCES identity_providers (id) ON DELETE CASCADE,
    account_id    TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    email         TEXT NOT NULL DEFAULT '',
    linked_at     BIGINT NOT NULL,
    last_used_at  BIGINT,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX upstream_identities_by_account ON upstream_identities (account_id, linked_at);
CREATE INDEX upstream_identities_by_provider ON upstream_identities (provider_id);

-- A sign-in sent to an upstream provider, until it comes back: found by
-- the hash of its `state` (which the browser also holds in a cookie),
-- with the nonce, the PKCE verifier (sealed) and where to go after.
-- `link_account_id`: a signed-in person linking another way in.
CREATE TABLE upstream_sign_ins (
    state_hash       TEXT PRIMARY KEY,
    provider_id      TEXT NOT NULL REFERENCES identity_providers (id) ON DELETE CASCADE,
    nonce            TEXT NOT NULL,
    sealed_verifier  TEXT NOT NULL,
    next             TEXT NOT NULL,
    link_account_id  TEXT REFERENCES accounts (id) ON DELETE CASCADE,
    created_at       BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL
);
CREATE INDEX upstream_sign_ins_by_expiry ON upstream_sign_ins (expires_at);

-- An upstream identity whose verified email is that of an existing
-- account, waiting for the account's password before it is linked.
CREATE TABLE upstream_link_offers (
    token_hash   TEXT PRIMARY KEY,
    provider_id  TEXT NOT NULL REFERENCES identity_providers (id) ON DELETE CASCADE,
    issuer       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    email        TEXT NOT NULL,
    account_id   TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    next         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX upstream_link_offers_by_expiry ON upstream_link_offers (expires_at);

-- How the first step of a challenged sign-in was made (RFC 8176 `amr`:
-- `pwd`, or `fed` for an upstream provider), for the session after it.
ALTER TABLE sign_in_challenges ADD COLUMN first_factor TEXT NOT NULL DEFAULT 'pwd';
