-- The OpenID provider's state: signing keys, grants, codes, refresh tokens,
-- revoked access tokens and end-user consents. All of it lives here, not in
-- memory, so any replica can finish what another one started.

CREATE TABLE signing_keys (
    -- The JWK `kid`.
    kid                 TEXT PRIMARY KEY,
    -- ES256 or RS256.
    alg                 TEXT NOT NULL,
    -- PKCS#8 private key sealed with AES-256-GCM under the key-encryption
    -- key from config (base64 of nonce || ciphertext); never plain text.
    sealed_private_key  TEXT NOT NULL,
    created_at          BIGINT NOT NULL,
    -- Set when a newer key takes over signing. A retired key stays published
    -- until every token it signed has expired.
    retired_at          BIGINT
);

-- One end user's authorization of one client: the family that its code,
-- refresh tokens and access tokens belong to, revoked as a whole.
CREATE TABLE grants (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    client_id   TEXT NOT NULL REFERENCES clients (id),
    -- Space-separated granted scopes.
    scopes      TEXT NOT NULL,
    auth_time   BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX grants_account_client ON grants (account_id, client_id);

-- An authorization request waiting for the signed-in end user's consent;
-- the consent page refers to it by id, and only that user may answer it.
CREATE TABLE authorization_requests (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    client_id   TEXT NOT NULL REFERENCES clients (id),
    -- The checked request (redirect URI, scopes, state, nonce, PKCE
    -- challenge, response type and mode) as JSON.
    params      TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);

CREATE TABLE authorization_codes (
    -- SHA-256 of the code; the code itself is never stored.
    code_hash       TEXT PRIMARY KEY,
    grant_id        TEXT NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
    redirect_uri    TEXT NOT NULL,
    -- PKCE S256 challenge, when the client sent one.
    code_challenge  TEXT,
    nonce           TEXT,
    expires_at      BIGINT NOT NULL,
    -- A second use revokes the grant (RFC 6749 §4.1.2).
    used_at         BIGINT
);

CREATE TABLE refresh_tokens (
    token_hash  TEXT PRIMARY KEY,
    grant_id    TEXT NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    -- Set when rotated; presenting a used token revokes the grant.
    used_at     BIGINT
);
CREATE INDEX refresh_tokens_grant_id ON refresh_tokens (grant_id);

-- Access tokens are self-contained JWTs; only revoked ones are remembered,
-- until they would have expired anyway.
CREATE TABLE revoked_tokens (
    jti         TEXT PRIMARY KEY,
    expires_at  BIGINT NOT NULL
);

CREATE TABLE consents (
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    client_id   TEXT NOT NULL REFERENCES clients (id),
    -- Space-separated scopes the user agreed to.
    scopes      TEXT NOT NULL,
    granted_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (account_id, client_id)
);
CREATE INDEX consents_client_id ON consents (client_id);

-- Bumped whenever a credential or a client's standing changes, so every
-- replica drops its cache of verified secrets within a second.
CREATE TABLE credential_generation (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    generation  BIGINT NOT NULL
);
INSERT INTO credential_generation (id, generation) VALUES (1, 0);
