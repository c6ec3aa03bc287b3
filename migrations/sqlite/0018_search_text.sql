-- What list searches read: one lower-cased column per row (an account's
-- email and name; a client's id and name), written with the row, so a
-- search tests one string per row instead of lower-casing two.
ALTER TABLE accounts ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE accounts SET search_text = LOWER(email || ' ' || display_name);
ALTER TABLE clients ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE clients SET search_text = LOWER(id || ' ' || display_name);
