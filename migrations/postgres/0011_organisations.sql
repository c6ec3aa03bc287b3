-- Organisations own clients and client systems; people act in them as
-- members with a role. Every developer's prefix becomes the prefix of
-- their personal organisation, and what they owned moves there: no client
-- id changes.

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

-- Every account that had a prefix gets its personal organisation, owned by it.
INSERT INTO organisations (id, name, description, org_number, client_prefix, personal_of, created_at, updated_at)
    SELECT gen_random_uuid()::text, display_name, '', NULL, client_prefix, id, created_at, updated_at
    FROM accounts WHERE client_prefix IS NOT NULL;
INSERT INTO memberships (org_id, account_id, role, created_at, updated_at)
    SELECT id, personal_of, 'owner', created_at, created_at FROM organisations;

-- Clients: `owner_id` becomes `created_by` (who made it in the portal;
-- NULL for drafts, which a system makes), `org_id` owns it, and the suffix
-- is unique per prefix through the id itself, no longer per person. A
-- client whose owner had no prefix (which cannot happen) fails the
-- migration on `org_id NOT NULL`, never left behind.
ALTER TABLE clients ADD COLUMN org_id TEXT REFERENCES organisations (id);
UPDATE clients c SET org_id = o.id FROM organisations o WHERE o.personal_of = c.owner_id;
ALTER TABLE clients ALTER COLUMN org_id SET NOT NULL;
ALTER TABLE clients DROP CONSTRAINT clients_owner_id_suffix_key;
ALTER TABLE clients RENAME COLUMN owner_id TO created_by;
ALTER TABLE clients ALTER COLUMN created_by DROP NOT NULL;
UPDATE clients SET created_by = NULL WHERE system_id IS NOT NULL;
CREATE INDEX clients_org_id ON clients (org_id);

-- Client systems likewise: `created_by` is who made it, `org_id` owns it.
ALTER TABLE client_systems ADD COLUMN org_id TEXT REFERENCES organisations (id);
UPDATE client_systems s SET org_id = o.id FROM organisations o WHERE o.personal_of = s.owner_id;
ALTER TABLE client_systems ALTER COLUMN org_id SET NOT NULL;
ALTER TABLE client_systems RENAME COLUMN owner_id TO created_by;
DROP INDEX client_systems_owner_id;
CREATE INDEX client_systems_org_id ON client_systems (org_id);

-- Accounts no longer carry a prefix: it is the personal organisation's.
ALTER TABLE accounts DROP COLUMN client_prefix;

-- The organisation a browser session's pages act for (the switcher).
ALTER TABLE sessions ADD COLUMN org_id TEXT REFERENCES organisations (id);

-- Audit rows name the organisation they concern, so owners can read its
-- history. Earlier rows get it from their client or client system.
ALTER TABLE audit_log ADD COLUMN org_id TEXT;
UPDATE audit_log a SET org_id = c.org_id FROM clients c WHERE c.id = a.client_id;
UPDATE audit_log a SET org_id = s.org_id FROM client_systems s
    WHERE a.client_id IS NULL AND a.action LIKE 'system.%'
      AND s.id = COALESCE(COALESCE(a.after, a.before)::json ->> 'system_id',
                          COALESCE(a.after, a.before)::json ->> 'belongs_to');
CREATE INDEX audit_log_org_id ON audit_log (org_id);
