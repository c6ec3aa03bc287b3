-- An account search that matches few accounts finds them through a
-- trigram index instead of testing every account's text (a contains-search
-- cannot use a B-tree). pg_trgm is a trusted extension: a database owner
-- may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX accounts_search_trigrams ON accounts USING gin (search_text gin_trgm_ops);
