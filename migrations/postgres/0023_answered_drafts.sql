-- The account page lists the drafts a person answered, newest first.
CREATE INDEX clients_confirmed_by ON clients (confirmed_by, confirmed_at, id);
