-- Runs unchanged on H2 2.x and PostgreSQL 14+, as V1 does.

-- The drift watch's one row: who holds the lease on running rounds and until when, when the next round is due, and
-- what the last round did. Replicas claim the lease with a compare-and-set UPDATE (free, expired, or already theirs),
-- so exactly one runs each round; a replica that dies holding it is replaced once it expires.
CREATE TABLE watch_state (
    id                VARCHAR(32)                 NOT NULL,
    holder            VARCHAR(64),
    lease_expires_at  TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    next_round_at     TIMESTAMP(3) WITH TIME ZONE,
    last_started_at   TIMESTAMP(3) WITH TIME ZONE,
    last_took_ms      BIGINT,
    last_accounts     INTEGER,
    last_changes      TEXT,
    CONSTRAINT watch_state_pk PRIMARY KEY (id)
);

INSERT INTO watch_state (id, lease_expires_at) VALUES ('drift', TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00:00');

-- What the watch last saw of each account, to post only what changed since: the verdict and the findings as JSON
-- ([{"code", "subject", "detail", "severity"}]).
CREATE TABLE watch_account (
    account_id     VARCHAR(64)                 NOT NULL,
    verdict        VARCHAR(16)                 NOT NULL,
    findings_json  TEXT                        NOT NULL,
    checked_at     TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    CONSTRAINT watch_account_pk PRIMARY KEY (account_id)
);
