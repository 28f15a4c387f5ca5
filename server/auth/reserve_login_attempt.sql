-- Records an attempt (succeeded NULL: being checked) only when the failures and attempts in
-- flight in the window stay under both limits: $5 for the username, $6 for the address.
-- Run under the advisory locks of both, so parallel attempts are counted one after another.
-- The window is ($3, $4]; attempts stamped up to one window later ($7) count too: another
-- request may have read the clock after this one and taken the lock first, or another
-- server's clock may run ahead. Attempts further ahead belong to another clock (tests).
WITH recent AS (
  SELECT count(*) FILTER (WHERE username = $1) AS by_username,
         count(*) FILTER (WHERE ip = $2) AS by_ip,
         min(attempted_at) AS oldest
  FROM auth.login_attempt
  WHERE succeeded IS NOT TRUE AND attempted_at > $3 AND attempted_at <= $7
    AND (username = $1 OR ip = $2)
), reserved AS (
  INSERT INTO auth.login_attempt (username, ip, attempted_at, succeeded)
  SELECT $1, $2, $4, NULL FROM recent WHERE by_username < $5 AND by_ip < $6
  RETURNING id
)
SELECT (SELECT id FROM reserved) AS attempt_id, recent.oldest FROM recent
