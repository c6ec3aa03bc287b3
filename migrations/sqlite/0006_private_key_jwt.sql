-- private_key_jwt (RFC 7523): a client's public keys, and the ids of the
-- client assertions it has used (each may be used once, until it expires).
ALTER TABLE clients ADD COLUMN jwks TEXT;

CREATE TABLE client_assertions (
    client_id   TEXT NOT NULL,
    jti         TEXT NOT NULL,
    expires_at  BIGINT NOT NULL,
    PRIMARY KEY (client_id, jti)
);
CREATE INDEX client_assertions_expires_at ON client_assertions (expires_at);
