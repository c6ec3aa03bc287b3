-- Where a session is used, for the person's list of their sessions on
-- /account: when it was last seen (updated at most once a minute), from
-- which address and browser (the latest request's).
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT;
ALTER TABLE sessions ADD COLUMN ip TEXT;
ALTER TABLE sessions ADD COLUMN user_agent TEXT;
