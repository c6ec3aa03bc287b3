-- The audit log is read newest first (by id) and filtered by actor,
-- action, organisation, client or time: an index for each, with the id
-- so a page of 50 is read straight from the index.
CREATE INDEX audit_log_actor_email_id ON audit_log (actor_email, id);
CREATE INDEX audit_log_action_id ON audit_log (action, id);
CREATE INDEX audit_log_client_id_id ON audit_log (client_id, id);
CREATE INDEX audit_log_org_id_id ON audit_log (org_id, id);
CREATE INDEX audit_log_at ON audit_log (at);
