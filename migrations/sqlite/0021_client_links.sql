-- RFC 7591 logo_uri, client_uri, policy_uri and tos_uri, shown to end
-- users on the consent and confirmation pages: one JSON object (absent
-- members are none), read and written whole with the client's settings.
ALTER TABLE clients ADD COLUMN links TEXT NOT NULL DEFAULT '{}';
