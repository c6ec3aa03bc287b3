-- OAuth clients, their scopes and secrets, the scope catalog and the audit log.

CREATE TABLE scopes (
    name               TEXT PRIMARY KEY,
    -- Shown to end users on the consent page.
    description        TEXT NOT NULL,
    -- The resource (audience) the scope belongs to; empty for OIDC scopes.
    resource           TEXT NOT NULL DEFAULT '',
    requires_approval  INTEGER NOT NULL DEFAULT 0 CHECK (requires_approval IN (0, 1)),
    enabled            INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);

INSERT INTO scopes (name, description, resource, requires_approval, enabled, created_at, updated_at) VALUES
    ('openid', 'Sign you in with your Portico account', '', 0, 1, 0, 0),
    ('profile', 'See your name', '', 0, 1, 0, 0),
    ('email', 'See your email address', '', 0, 1, 0, 0),
    ('offline_access', 'Keep access while you are not using the app', '', 0, 1, 0, 0),
    ('consents:read', 'List the consents end users granted to this client', 'portico', 0, 1, 0, 0);

CREATE TABLE clients (
    -- The full client id, <prefix>.<suffix>.
    id                          TEXT PRIMARY KEY,
    owner_id                    TEXT NOT NULL REFERENCES accounts (id),
    suffix                      TEXT NOT NULL,
    display_name                TEXT NOT NULL,
    description                 TEXT NOT NULL DEFAULT '',
    kind                        TEXT NOT NULL,
    -- JSON arrays of strings.
    grant_types                 TEXT NOT NULL,
    redirect_uris               TEXT NOT NULL,
    post_logout_redirect_uris   TEXT NOT NULL,
    token_endpoint_auth_method  TEXT NOT NULL,
    status                      TEXT NOT NULL,
    status_reason               TEXT,
    confirmed_by                TEXT REFERENCES accounts (id),
    created_at                  BIGINT NOT NULL,
    updated_at                  BIGINT NOT NULL,
    -- Soft delete: the row stays, so the suffix is never used again.
    deleted_at                  BIGINT,
    UNIQUE (owner_id, suffix)
);

CREATE TABLE client_scopes (
    client_id  TEXT NOT NULL REFERENCES clients (id),
    scope      TEXT NOT NULL REFERENCES scopes (name),
    status     TEXT NOT NULL,
    reason     TEXT,
    PRIMARY KEY (client_id, scope)
);

CREATE TABLE client_secrets (
    id            TEXT PRIMARY KEY,
    client_id     TEXT NOT NULL REFERENCES clients (id),
    description   TEXT NOT NULL,
    -- First three characters, so people can tell secrets apart.
    hint          TEXT NOT NULL,
    -- argon2id PHC string; the value itself is shown once and never stored.
    secret_hash   TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,
    revoked_at    BIGINT,
    last_used_at  BIGINT
);
CREATE INDEX client_secrets_client_id ON client_secrets (client_id);

-- Append-only: rows are inserted, never updated or deleted.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           BIGINT NOT NULL,
    actor_id     TEXT,
    actor_email  TEXT,
    action       TEXT NOT NULL,
    client_id    TEXT,
    -- JSON snapshots without secrets.
    before       TEXT,
    after        TEXT
);
CREATE INDEX audit_log_client_id ON audit_log (client_id);
CREATE INDEX audit_log_actor_id ON audit_log (actor_id);
