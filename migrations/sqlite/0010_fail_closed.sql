-- Failure counters (sign-in, sign-up, client authentication) shared by
-- every replica and kept across restarts. `key` is a SHA-256 of what is
-- counted (an email, an address, a client id and address), so the table
-- holds no addresses in the clear.
CREATE TABLE failure_counts (
    key           TEXT PRIMARY KEY,
    window_start  BIGINT NOT NULL,
    count         BIGINT NOT NULL
);

-- A third cache counter: 3 = signing keys, bumped by a rotation so every
-- replica reloads its keys within a second. (SQLite cannot change a CHECK
-- constraint, so the table is rebuilt.)
CREATE TABLE cache_generations_new (
    id          INTEGER PRIMARY KEY CHECK (id IN (1, 2, 3)),
    generation  BIGINT NOT NULL
);
INSERT INTO cache_generations_new (id, generation) SELECT id, generation FROM cache_generations;
INSERT INTO cache_generations_new (id, generation) VALUES (3, 0);
DROP TABLE cache_generations;
ALTER TABLE cache_generations_new RENAME TO cache_generations;

-- A new key is published (in the JWKS) before it signs anything: it signs
-- from `activates_at` on, by which time every replica publishes it.
ALTER TABLE signing_keys ADD COLUMN activates_at BIGINT NOT NULL DEFAULT 0;

-- Readiness writes this row: a database that answers reads but cannot
-- write (a full disk, a read-only failover) is not ready.
CREATE TABLE readiness (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at  BIGINT NOT NULL
);
INSERT INTO readiness (id, checked_at) VALUES (1, 0);
