-- The algorithm a client's ID tokens are signed with (OIDC Dynamic
-- Registration's id_token_signed_response_alg): RS256 unless it asks for ES256.
ALTER TABLE clients ADD COLUMN id_token_signed_response_alg TEXT NOT NULL DEFAULT 'RS256';
