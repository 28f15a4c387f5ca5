-- Takes up to $3 tokens for client $2 from budget $1's bucket, which holds $4 and refills $4
-- a minute on the database clock (one clock for every process); one statement, so takers
-- of the same bucket queue on its row lock and never share a token.
INSERT INTO throttle.bucket AS b (budget, client, tokens, granted, refilled_at)
VALUES ($1, $2, $4::float8 - least($3::int, $4::int), least($3::int, $4::int), now())
ON CONFLICT (budget, client) DO UPDATE SET (tokens, granted, refilled_at) = (
  SELECT level.tokens - least($3::int, floor(level.tokens)::int),
         least($3::int, floor(level.tokens)::int),
         now()
  FROM (
    SELECT least(
      $4::float8,
      b.tokens + greatest(0, extract(epoch FROM now() - b.refilled_at)::float8) * $4::float8 / 60
    ) AS tokens
  ) AS level
)
RETURNING granted, tokens
