-- Client systems (HelseID-style): programs owned by a developer that create
-- client drafts over the API with an `api-key` header. A system fixes what
-- its drafts may ask for.
CREATE TABLE client_systems (
    id             TEXT PRIMARY KEY,
    owner_id       TEXT NOT NULL REFERENCES accounts (id),
    name           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    -- JSON arrays of strings: the scopes and grant types drafts may request.
    scopes         TEXT NOT NULL,
    grant_types    TEXT NOT NULL,
    allow_refresh  INTEGER NOT NULL DEFAULT 0 CHECK (allow_refresh IN (0, 1)),
    -- `client_secret_basic` or `private_key_jwt`: how its drafts authenticate.
    auth_method    TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    deleted_at     BIGINT
);
CREATE INDEX client_systems_owner_id ON client_systems (owner_id);

CREATE TABLE system_api_keys (
    id            TEXT PRIMARY KEY,
    system_id     TEXT NOT NULL REFERENCES client_systems (id),
    description   TEXT NOT NULL,
    -- First characters after the `pak_` tag, so people can tell keys apart.
    hint          TEXT NOT NULL,
    -- SHA-256 (hex) of the key: 256 random bits need no slow hash, and the
    -- hash is how a request's key is looked up.
    key_hash      TEXT NOT NULL UNIQUE,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,
    revoked_at    BIGINT,
    last_used_at  BIGINT
);
CREATE INDEX system_api_keys_system_id ON system_api_keys (system_id);

-- Drafts: which system made a client, until when it waits for an end
-- user's confirmation, and when it was confirmed (confirmed_by says who).
ALTER TABLE clients ADD COLUMN system_id TEXT REFERENCES client_systems (id);
ALTER TABLE clients ADD COLUMN draft_expires_at BIGINT;
ALTER TABLE clients ADD COLUMN confirmed_at BIGINT;
CREATE INDEX clients_system_id ON clients (system_id);
