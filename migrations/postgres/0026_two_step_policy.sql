-- Admins can require two-step sign-in for admins and for developers.

-- The one sign-in policy (a single row, id 1). Flags are 0 or 1 as
-- elsewhere; `grace_days` is how long someone newly required has to set
-- up an authenticator app before signing in asks for it first.
CREATE TABLE sign_in_policy (
    id                   INTEGER PRIMARY KEY CHECK (id = 1),
    two_step_admins      INTEGER NOT NULL DEFAULT 0 CHECK (two_step_admins IN (0, 1)),
    two_step_developers  INTEGER NOT NULL DEFAULT 0 CHECK (two_step_developers IN (0, 1)),
    grace_days           INTEGER NOT NULL DEFAULT 7 CHECK (grace_days BETWEEN 0 AND 90),
    updated_at           BIGINT
);
INSERT INTO sign_in_policy (id) VALUES (1);

-- When the policy first required two-step sign-in of the account and it
-- had none: the end of its grace period. After it, signing in sets up an
-- authenticator before anything else, and older sessions end.
ALTER TABLE accounts ADD COLUMN two_step_due_at BIGINT;

-- What a challenge waits for: `code` (a code from the authenticator after
-- the password) or `set_up` (an authenticator the policy requires).
ALTER TABLE sign_in_challenges ADD COLUMN purpose TEXT NOT NULL DEFAULT 'code';
