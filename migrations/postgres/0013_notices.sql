-- Notices already sent, one row per credential and stage ("30d", "7d",
-- "1d", "expired"): written in the transaction that queues the emails, so
-- two replicas scanning at once send each notice once.
CREATE TABLE notices_sent (
    subject_id  TEXT NOT NULL,
    stage       TEXT NOT NULL,
    sent_at     BIGINT NOT NULL,
    PRIMARY KEY (subject_id, stage)
);

-- Kinds of notification a person turned off (`expiry`, `decisions`,
-- `approvals`); everything is on until turned off.
CREATE TABLE notification_opt_outs (
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    PRIMARY KEY (account_id, kind)
);

-- When each admin last got the approval digest (at most one every 15
-- minutes, and only when something arrived since).
CREATE TABLE approval_digests (
    account_id    TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    last_sent_at  BIGINT NOT NULL
);
