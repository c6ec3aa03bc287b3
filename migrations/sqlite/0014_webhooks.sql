-- Webhook endpoints of an organisation: where its own automation wants to
-- hear about changes, and which event types. The signing secret is sealed
-- with the key-encryption key (it must be read to sign each delivery).
CREATE TABLE webhook_endpoints (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    url              TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    -- Space-separated event types, e.g. `client.created secret.expiring`.
    events           TEXT NOT NULL,
    sealed_secret    TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    created_by       TEXT NOT NULL,
    -- When deliveries started failing without a success since.
    failing_since    BIGINT,
    -- Disabled endpoints get nothing until an owner enables them again.
    disabled_at      BIGINT,
    disabled_reason  TEXT
);
CREATE INDEX webhook_endpoints_org_id ON webhook_endpoints (org_id);

-- Each attempt to deliver to an endpoint, for its page (the last 50).
CREATE TABLE webhook_attempts (
    -- A UUIDv7: ordered by time, to the millisecond.
    id           TEXT PRIMARY KEY,
    endpoint_id  TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    -- The outbox row: the `webhook-id` every retry of one event carries.
    message_id   TEXT NOT NULL,
    event_type   TEXT NOT NULL,
    attempt      BIGINT NOT NULL,
    -- The HTTP status, or NULL when there was no answer.
    status       BIGINT,
    latency_ms   BIGINT NOT NULL,
    error        TEXT,
    at           BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_endpoint_at ON webhook_attempts (endpoint_id, at);
CREATE INDEX webhook_attempts_at ON webhook_attempts (at);

-- Webhook deliveries go through the outbox too. Their payload holds no
-- secret (ids, names, snapshots the audit log also keeps), so it is kept
-- readable; the signature is made at each attempt.
ALTER TABLE outbox ADD COLUMN payload TEXT;
