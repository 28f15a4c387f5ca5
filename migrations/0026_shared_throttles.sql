-- Throttles that hold across server processes: sign-in attempts are reserved before the
-- password is checked, and the anonymous rate limits draw on buckets every process shares.

-- A sign-in attempt is written before its password is evaluated, with succeeded NULL until
-- the answer is known; NULL counts as a failure (also when the process dies meanwhile), so
-- parallel attempts cannot all pass the limit check before any of them is recorded.
ALTER TABLE auth.login_attempt ALTER COLUMN succeeded DROP NOT NULL;
COMMENT ON COLUMN auth.login_attempt.succeeded IS
  'NULL while the password is being checked (counted as a failure); then the outcome';

CREATE SCHEMA throttle;

-- One token bucket per budget (api, tiles, tracking) and client address, refilled on the
-- database clock. UNLOGGED: these rows change on anonymous requests and are worth no WAL;
-- after a crash the table is empty and each address starts with a full budget once, which
-- is fine for a rate limit. Not audited (a counter, like auth.login_attempt). A row left
-- alone for a minute is a full bucket, the same as no row, and is deleted by the server.
CREATE UNLOGGED TABLE throttle.bucket (
  budget text NOT NULL,
  client text NOT NULL,
  tokens double precision NOT NULL,
  granted integer NOT NULL,
  refilled_at timestamptz NOT NULL,
  PRIMARY KEY (budget, client)
) WITH (fillfactor = 70);
COMMENT ON TABLE throttle.bucket IS
  'Anonymous rate limits shared by every server process: tokens left at refilled_at, '
  'and how many the last reservation granted';
