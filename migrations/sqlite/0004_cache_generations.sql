-- Counters that tell every replica to drop what it keeps in memory:
-- 1 = verified client secrets (a client or its secrets changed),
-- 2 = verified access tokens (a token or grant was revoked).
CREATE TABLE cache_generations (
    id          INTEGER PRIMARY KEY CHECK (id IN (1, 2)),
    generation  BIGINT NOT NULL
);
INSERT INTO cache_generations (id, generation) VALUES (1, 0), (2, 0);
DROP TABLE credential_generation;
