-- Clients that read their own status and renew their own credentials with
-- their own access token ask for this scope.
INSERT INTO scopes (name, description, resource, requires_approval, enabled, created_at, updated_at) VALUES
    ('portico:client', 'Read this client''s status and add new secrets or keys for it', 'portico', 0, 1, 0, 0);
