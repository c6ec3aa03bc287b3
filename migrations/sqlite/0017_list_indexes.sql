-- Every list is read a page at a time by key (newest first, by time and
-- id; organisations by name and id; the approval queue from the scopes
-- that wait), so a page reads about as many rows as it shows, whatever the
-- size of the table.
CREATE INDEX clients_org_created ON clients (org_id, created_at, id);
CREATE INDEX clients_created ON clients (created_at, id);
CREATE INDEX client_scopes_pending ON client_scopes (client_id) WHERE status = 'pending';
CREATE INDEX client_secrets_client_created ON client_secrets (client_id, created_at, id);
CREATE INDEX system_api_keys_system_created ON system_api_keys (system_id, created_at, id);
CREATE INDEX clients_system_created ON clients (system_id, created_at, id);
CREATE INDEX client_systems_org_created ON client_systems (org_id, created_at, id);
CREATE INDEX consents_account_updated ON consents (account_id, updated_at, client_id);
CREATE INDEX webhook_attempts_endpoint_at_id ON webhook_attempts (endpoint_id, at, id);
CREATE INDEX organisations_lower_name ON organisations (LOWER(name), id);
