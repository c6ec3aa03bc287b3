-- Organisations own clients and client systems; people act in them as
-- members with a role. Every developer's prefix becomes the prefix of
-- their personal organisation, and what they owned moves there: no client
-- id changes.
--
-- Portico runs SQLite migrations with foreign keys off (see
-- `Db::migrate`) and checks every reference afterwards, so tables can be
-- rebuilt here the way SQLite documents it (create, copy, drop, rename).

CREATE TABLE organisations (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    -- Norwegian organisation number (9 digits, MOD11), when given.
    org_number     TEXT,
    -- 64 hex chars, assigned once when the organisation is created; rows
    -- are never deleted (see deleted_at), so a prefix is never used again.
    client_prefix  TEXT NOT NULL UNIQUE,
    -- The account whose personal organisation this is, if it is one.
    personal_of    TEXT UNIQUE REFERENCES accounts (id),
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    deleted_at     BIGINT
);
CREATE INDEX organisations_org_number ON organisations (org_number);

CREATE TABLE memberships (
    org_id      TEXT NOT NULL REFERENCES organisations (id),
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('owner', 'developer', 'viewer')),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (org_id, account_id)
);
CREATE INDEX memberships_account_id ON memberships (account_id);

-- One-time links an owner sends to an email address; only the SHA-256 of
-- the link's token is kept.
CREATE TABLE invitations (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations (id),
    email        TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('owner', 'developer', 'viewer')),
    token_hash   TEXT NOT NULL UNIQUE,
    invited_by   TEXT NOT NULL REFERENCES accounts (id),
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    accepted_at  BIGINT,
    accepted_by  TEXT REFERENCES accounts (id),
    revoked_at   BIGINT
);
CREATE INDEX invitations_org_id ON invitations (org_id);

-- Every account that had a prefix gets its personal organisation, owned by
-- it. The id is a random version-4 UUID, as the server makes them.
INSERT INTO organisations (id, name, description, org_number, client_prefix, personal_of, created_at, updated_at)
    SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||
        substr(lower(hex(randomblob(2))), 2) || '-' ||
        substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' ||
        lower(hex(randomblob(6))),
        display_name, '', NULL, client_prefix, id, created_at, updated_at
    FROM accounts WHERE client_prefix IS NOT NULL;
INSERT INTO memberships (org_id, account_id, role, created_at, updated_at)
    SELECT id, personal_of, 'owner', created_at, created_at FROM organisations;

-- Clients: `owner_id` becomes `created_by` (who made it in the portal;
-- NULL for drafts, which a system makes), `org_id` owns it, and the suffix
-- is unique per prefix through the id itself, no longer per person. The
-- copy is a LEFT JOIN: a client whose owner had no prefix (which cannot
-- happen) fails the migration on `org_id NOT NULL`, never left behind.
CREATE TABLE clients_new (
    id                            TEXT PRIMARY KEY,
    org_id                        TEXT NOT NULL REFERENCES organisations (id),
    created_by                    TEXT REFERENCES accounts (id),
    suffix                        TEXT NOT NULL,
    display_name                  TEXT NOT NULL,
    description                   TEXT NOT NULL DEFAULT '',
    kind                          TEXT NOT NULL,
    grant_types                   TEXT NOT NULL,
    redirect_uris                 TEXT NOT NULL,
    post_logout_redirect_uris     TEXT NOT NULL,
    token_endpoint_auth_method    TEXT NOT NULL,
    status                        TEXT NOT NULL,
    status_reason                 TEXT,
    confirmed_by                  TEXT REFERENCES accounts (id),
    created_at                    BIGINT NOT NULL,
    updated_at                    BIGINT NOT NULL,
    deleted_at                    BIGINT,
    id_token_signed_response_alg  TEXT NOT NULL DEFAULT 'RS256',
    jwks                          TEXT,
    system_id                     TEXT REFERENCES client_systems (id),
    draft_expires_at              BIGINT,
    confirmed_at                  BIGINT,
    registration_token_hash       TEXT
);
INSERT INTO clients_new (id, org_id, created_by, suffix, display_name, description, kind, grant_types,
        redirect_uris, post_logout_redirect_uris, token_endpoint_auth_method, status, status_reason,
        confirmed_by, created_at, updated_at, deleted_at, id_token_signed_response_alg, jwks, system_id,
        draft_expires_at, confirmed_at, registration_token_hash)
    SELECT c.id, o.id, CASE WHEN c.system_id IS NULL THEN c.owner_id END, c.suffix, c.display_name,
        c.description, c.kind, c.grant_types, c.redirect_uris, c.post_logout_redirect_uris,
        c.token_endpoint_auth_method, c.status, c.status_reason, c.confirmed_by, c.created_at,
        c.updated_at, c.deleted_at, c.id_token_signed_response_alg, c.jwks, c.system_id,
        c.draft_expires_at, c.confirmed_at, c.registration_token_hash
    FROM clients c LEFT JOIN organisations o ON o.personal_of = c.owner_id;
DROP TABLE clients;
ALTER TABLE clients_new RENAME TO clients;
CREATE INDEX clients_org_id ON clients (org_id);
CREATE INDEX clients_system_id ON clients (system_id);
CREATE UNIQUE INDEX clients_registration_token_hash ON clients (registration_token_hash);

-- Client systems likewise: `created_by` is who made it, `org_id` owns it.
CREATE TABLE client_systems_new (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organisations (id),
    created_by     TEXT NOT NULL REFERENCES accounts (id),
    name           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    scopes         TEXT NOT NULL,
    grant_types    TEXT NOT NULL,
    allow_refresh  INTEGER NOT NULL DEFAULT 0 CHECK (allow_refresh IN (0, 1)),
    auth_method    TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    deleted_at     BIGINT
);
INSERT INTO client_systems_new (id, org_id, created_by, name, description, scopes, grant_types,
        allow_refresh, auth_method, created_at, updated_at, deleted_at)
    SELECT s.id, o.id, s.owner_id, s.name, s.description, s.scopes, s.grant_types, s.allow_refresh,
        s.auth_method, s.created_at, s.updated_at, s.deleted_at
    FROM client_systems s LEFT JOIN organisations o ON o.personal_of = s.owner_id;
DROP TABLE client_systems;
ALTER TABLE client_systems_new RENAME TO client_systems;
CREATE INDEX client_systems_org_id ON client_systems (org_id);

-- Accounts no longer carry a prefix: it is the personal organisation's.
CREATE TABLE accounts_new (
    id             TEXT PRIMARY KEY,
    email          TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    is_developer   INTEGER NOT NULL DEFAULT 0 CHECK (is_developer IN (0, 1)),
    is_admin       INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
INSERT INTO accounts_new (id, email, display_name, password_hash, is_developer, is_admin, created_at, updated_at)
    SELECT id, email, display_name, password_hash, is_developer, is_admin, created_at, updated_at FROM accounts;
DROP TABLE accounts;
ALTER TABLE accounts_new RENAME TO accounts;

-- The organisation a browser session's pages act for (the switcher).
ALTER TABLE sessions ADD COLUMN org_id TEXT REFERENCES organisations (id);

-- Audit rows name the organisation they concern, so owners can read its
-- history. Earlier rows get it from their client or client system.
ALTER TABLE audit_log ADD COLUMN org_id TEXT;
UPDATE audit_log SET org_id = (SELECT c.org_id FROM clients c WHERE c.id = audit_log.client_id)
    WHERE client_id IS NOT NULL;
UPDATE audit_log SET org_id = (SELECT s.org_id FROM client_systems s
        WHERE s.id = COALESCE(json_extract(COALESCE(audit_log.after, audit_log.before), '$.system_id'),
                              json_extract(COALESCE(audit_log.after, audit_log.before), '$.belongs_to')))
    WHERE client_id IS NULL AND action LIKE 'system.%';
CREATE INDEX audit_log_org_id ON audit_log (org_id);
