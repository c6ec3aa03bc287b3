-- RFC 7591/7592: clients registered at /oauth2/register are managed with a
-- registration access token; only its SHA-256 is kept.
ALTER TABLE clients ADD COLUMN registration_token_hash TEXT;
CREATE UNIQUE INDEX clients_registration_token_hash ON clients (registration_token_hash);
