-- A search reads these indexes alone: each holds a list's order and the
-- lower-cased search text, so a search that matches few rows tests every
-- row's text without reading the row, and only the rows of the page it
-- finds are read whole (the page queries pick keys in a subquery).
CREATE INDEX accounts_email_search ON accounts (email, search_text);
CREATE INDEX accounts_created_search ON accounts (created_at, id, search_text);
DROP INDEX clients_org_created;
CREATE INDEX clients_org_created_search ON clients (org_id, created_at, id, deleted_at, search_text);
CREATE INDEX clients_id_search ON clients (id, deleted_at, org_id, search_text);
-- A client list sorted by name walks the lower-cased name (written with
-- the row, like search_text).
ALTER TABLE clients ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
UPDATE clients SET name_key = LOWER(display_name);
CREATE INDEX clients_org_name_search ON clients (org_id, name_key, id, deleted_at, search_text);
-- The admins' client search also matches organisation names: read from
-- an index, not the table.
CREATE INDEX organisations_id_name ON organisations (id, name);
